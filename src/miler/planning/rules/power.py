"""Power: plyometrics and resisted sprints, R-S3.1, R-S3.2, R-G10."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from miler.plan.model import BlockRole, ExerciseStep, RunStep
from miler.planning.rules._facts import PlanFacts, SessionFacts
from miler.planning.rules._registry import Outcome, Problems, passed, rule
from miler.planning.rules.coach import age_scaled_athlete, quiet_weeks

__all__ = ["CONTACTS_BY_LEVEL"]

CONTACTS_BY_LEVEL: Final = {
    "novice": (80, 100),
    "intermediate": (100, 120),
    "experienced": (120, 140),
}
"""R-G10: ground contacts per plyometric session (NSCA guidance)."""
_RESISTED: Final = frozenset({"parachute", "sled_push", "sled_pull", "hill"})


def _power_element(s: SessionFacts) -> bool:
    if s.plyometric:
        return True
    for role, leaves in s.blocks:
        if role in (BlockRole.PLYOMETRICS, BlockRole.RESISTED):
            return True
        for step in leaves:
            if isinstance(step, RunStep) and step.resistance != "none":
                return True
    return False


def _plyo_steps(s: SessionFacts) -> Iterator[ExerciseStep]:
    for step in s.leaves():
        if isinstance(step, ExerciseStep) and step.category == "plyometric":
            yield step


@rule("R-S3.1")
def check_plyometrics(facts: PlanFacts) -> Outcome:
    """Plyometric exercises count their ground contacts and say their intensity."""
    problems = Problems()
    count = 0
    for s in facts.sessions:
        for step in _plyo_steps(s):
            count += 1
            if step.plyo_intensity is None:
                problems.add(f"{s.id}: {step.name} has no plyometric intensity", [s.id])
    if not count:
        return passed("no plyometric exercises in the plan")
    return problems.outcome(f"{count} plyometric exercises with contacts and intensity")


@rule("R-S3.2")
def check_resisted_sprints(facts: PlanFacts) -> Outcome:
    """Non-novices: ≥1 power element (plyometrics or resisted sprints) every week from the
    week the full mix is due (R-G16), but the weeks of the quiet run-in to the goal effort
    (C-1). Resistance is one of parachute, sled push/pull, hill (the schema's choices).
    Missing equipment is substituted, hill first then an unresisted sprint: a substitution
    never uses what is missing, and uses a hill when the athlete has one."""
    problems = Problems()
    eq = facts.plan.athlete.equipment
    if facts.level != "novice":
        start = facts.mix_start_week()
        quiet = quiet_weeks(facts)  # quiet before and after the goal effort (C-1)
        for week in facts.weeks:
            if week.index in quiet:
                continue
            due = week.index >= start and week.index >= facts.mix_start_week(week.index)
            if due and not any(_power_element(s) for s in week.sessions):
                problems.add(f"week {week.index}: no power element", [s.id for s in week.sessions])
    have = {"sled": eq.sled, "parachute": eq.parachute, "hill": eq.hills, "track": eq.track}
    for s in facts.sessions:
        for sub in s.session.substitutions:
            used = sub.used.lower()
            for kit, available in have.items():
                if kit in used and not available:
                    problems.add(f"{s.id}: substitute {sub.used!r} is missing too", [s.id])
            wanted = sub.wanted.lower()
            resisted_wanted = any(k in wanted for k in ("sled", "parachute"))
            if resisted_wanted and eq.hills and "hill" not in used:
                problems.add(f"{s.id}: {sub.wanted} replaced by {sub.used}, not a hill", [s.id])
    return problems.outcome("power work every week after phase-in; substitutions in order")


@rule("R-G10")
def check_power_dosing(facts: PlanFacts) -> Outcome:
    """Plyometric sessions hold the level's contacts (novice 80–100, intermediate 100–120,
    experienced 120–140; bounds count; a step's contacts are its declared total, else
    sets × reps); no session exceeds the upper bound; plyometric sessions ≥2 days apart;
    novices low intensity only. Sled loads <10% body mass (or a note on velocity loss).
    Hill sprints 8–15 s at 6–10% with a walk back. Under 18 and from 60 the novice dose
    applies whatever the level (C-4, docs/rule-choices.md 15)."""
    dose = "novice" if age_scaled_athlete(facts) else facts.level
    low, high = CONTACTS_BY_LEVEL[dose]
    problems = Problems()
    last_plyo: SessionFacts | None = None
    for s in facts.sessions:
        if s.plyometric:
            if not low <= s.contacts <= high:
                problems.add(f"{s.id}: {s.contacts} contacts ({low}–{high})", [s.id])
            if last_plyo is not None and (s.date - last_plyo.date).days < 2:
                problems.add(
                    f"{s.id}: plyometrics <48 h after {last_plyo.id}", [last_plyo.id, s.id]
                )
            last_plyo = s
            if dose == "novice":
                for step in _plyo_steps(s):
                    if step.plyo_intensity != "low":
                        problems.add(f"{s.id}: {step.name} is not low intensity", [s.id])
        elif s.contacts > high:
            problems.add(f"{s.id}: {s.contacts} contacts (>{high})", [s.id])
        _check_resisted_steps(s, problems)
    return problems.outcome("contacts, spacing, intensity and loads per R-G10")


def _check_resisted_steps(s: SessionFacts, problems: Problems) -> None:
    for _, leaves in s.blocks:
        for i, step in enumerate(leaves):
            if not isinstance(step, RunStep) or step.resistance == "none":
                continue
            if step.resistance.startswith("sled"):
                load = step.load_pct_body_mass
                if load is None and "velocity" not in step.notes.lower():
                    problems.add(f"{s.id}: sled without a load or velocity-loss limit", [s.id])
                elif load is not None and load >= 10:
                    problems.add(f"{s.id}: sled at {load:g}% body mass (<10%)", [s.id])
            if step.resistance == "hill":
                seconds = step.duration_s if step.end == "time" else None
                if seconds is None or not 8 <= seconds <= 15:
                    problems.add(f"{s.id}: hill sprint not 8–15 s", [s.id])
                if step.incline_pct is None or not 6 <= step.incline_pct <= 10:
                    problems.add(f"{s.id}: hill sprint grade not 6–10%", [s.id])
                after = leaves[i + 1] if i + 1 < len(leaves) else None
                is_last = all(
                    not (isinstance(x, RunStep) and x.resistance == "hill") for x in leaves[i + 1 :]
                )
                if not is_last and not (
                    isinstance(after, RunStep) and "walk" in after.purpose.lower()
                ):
                    problems.add(f"{s.id}: hill sprint without a walk-back", [s.id])
