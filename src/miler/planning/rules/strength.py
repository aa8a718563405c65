"""Strength: R-S2.1, R-S2.2, R-G9."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from miler.plan.model import ExerciseStep
from miler.planning.rules._facts import PlanFacts, SessionFacts, is_heavy
from miler.planning.rules._registry import Outcome, Problems, passed, rule
from miler.planning.rules.coach import quiet_weeks

__all__ = ["MAIN_LIFTS"]

MAIN_LIFTS: Final = frozenset(
    {"step_up", "squat", "deadlift", "bulgarian_split_squat", "calf_raise", "hip_thrust"}
)
"""R-S2.2: the compound lifts of the article; variants name one as their parent."""


def _main_sets(facts: PlanFacts) -> Iterator[tuple[SessionFacts, ExerciseStep]]:
    for s in facts.sessions:
        for step in s.leaves():
            if isinstance(step, ExerciseStep) and step.category == "strength" and step.main:
                yield s, step


def _familiarising(facts: PlanFacts, s: SessionFacts) -> bool:
    return s.week <= facts.plan.familiarisation_weeks


@rule("R-S2.1")
def check_heavy_few_reps(facts: PlanFacts) -> Outcome:
    """After familiarisation every main set is heavy (R-G9) with few reps (≤6);
    familiarisation (the only light, high-rep work) is for lifting novices only."""
    problems = Problems()
    if facts.plan.familiarisation_weeks and facts.plan.athlete.lifting_experience:
        problems.add("familiarisation weeks for an athlete who already lifts")
    count = 0
    for s, step in _main_sets(facts):
        count += 1
        if not _familiarising(facts, s) and not is_heavy(step):
            problems.add(f"{s.id}: {step.name} {step.sets}×{step.reps} is not heavy", [s.id])
    if not count:
        return passed("no main lifts in the plan")
    return problems.outcome("main sets heavy and few reps after familiarisation")


@rule("R-S2.2")
def check_main_lifts(facts: PlanFacts) -> Outcome:
    """Every main lift is one of the article's compound lifts (by its parent), done with
    explosive concentric intent; ≤6 reps after familiarisation; never >12 reps."""
    problems = Problems()
    for s, step in _main_sets(facts):
        if step.parent not in MAIN_LIFTS:
            problems.add(f"{s.id}: {step.name} (parent {step.parent}) is not a main lift", [s.id])
        if step.intent != "explosive_concentric":
            problems.add(f"{s.id}: {step.name} not marked explosive", [s.id])
        if step.reps > 12:
            problems.add(f"{s.id}: {step.name} {step.reps} reps (>12)", [s.id])
        elif step.reps > 6 and not _familiarising(facts, s):
            problems.add(f"{s.id}: {step.name} {step.reps} reps after familiarisation", [s.id])
    return problems.outcome("main lifts compound, explosive, ≤6 reps (≤12 familiarising)")


def _strength_sessions_per_week(facts: PlanFacts, problems: Problems) -> None:
    quiet = quiet_weeks(facts)
    for week in facts.weeks:
        sessions = [s for s in week.sessions if s.strength]
        allowed = (1, 1) if week.taper else (1, 2) if week.deload else (2, 2)
        if week.index in quiet:
            # C-1 (docs/rule-choices.md, 13): no heavy lifting in the 4 days before the goal
            # effort and none after it, so its week may have none.
            allowed = (0, allowed[1])
        if not allowed[0] <= len(sessions) <= allowed[1]:
            want = "1" if week.taper else "1–2" if week.deload else "2"
            problems.add(
                f"week {week.index}: {len(sessions)} strength sessions (want {want})",
                [s.id for s in sessions] or [s.id for s in week.sessions],
            )


def _quality_times(facts: PlanFacts) -> dict[dt.date, list[SessionFacts]]:
    by_day: dict[dt.date, list[SessionFacts]] = {}
    for s in facts.sessions:
        if s.quality:
            by_day.setdefault(s.date, []).append(s)
    return by_day


@rule("R-G9")
def check_strength_dosing(facts: PlanFacts) -> Outcome:
    """Heavy main sets: 2–5 sets, 2–5 min rest. Strength sessions: 2 a week, 1 in taper
    (choice: 1–2 in a deload week; none required without a gym, but then none at all or
    the same counts). Familiarisation: ≤4 weeks (schema) at 8–12 reps. No heavy
    lower-body session the day before a quality run, nor earlier the same day. Under 18:
    strength and plyometric sessions flagged for supervision."""
    problems = Problems()
    plan = facts.plan
    any_strength = any(s.strength for s in facts.sessions)
    if any_strength or plan.athlete.equipment.gym:
        _strength_sessions_per_week(facts, problems)
    for s, step in _main_sets(facts):
        if _familiarising(facts, s):
            if not 8 <= step.reps <= 12:
                problems.add(f"{s.id}: familiarisation {step.name} at {step.reps} reps", [s.id])
            continue
        if not 2 <= step.sets <= 5:
            problems.add(f"{s.id}: {step.name} {step.sets} sets (2–5)", [s.id])
        if not 120 <= step.rest_s <= 300:
            problems.add(f"{s.id}: {step.name} rest {step.rest_s:g} s (2–5 min)", [s.id])
    quality = _quality_times(facts)
    for s in facts.sessions:
        if not s.heavy_lower_body:
            continue
        tomorrow = quality.get(s.date + dt.timedelta(days=1), [])
        later_today = [q for q in quality.get(s.date, []) if q.session.order > s.session.order]
        for q in [*tomorrow, *later_today]:
            problems.add(f"{s.id}: heavy lower-body work within 24 h before {q.id}", [s.id, q.id])
    age = plan.athlete.age
    if age is not None and age < 18:
        for s in facts.sessions:
            if (s.strength or s.plyometric) and not s.session.supervision_required:
                problems.add(f"{s.id}: athlete under 18, no supervision flag", [s.id])
    if not any_strength and not plan.athlete.equipment.gym:
        return problems.outcome("no gym: no strength sessions")
    return problems.outcome("strength dosed and timed per R-G9")
