"""Week shape, variety, recovery, cross-training, goals and test formats:
R-S6.9, R-S7.1, R-S7.3, R-S7.4, R-G17–R-G21."""

from __future__ import annotations

import datetime as dt
import itertools

from miler.plan.model import CrossStep, GoalType, RunStep, SessionType
from miler.plan.request import RETURN_SETTLE_WEEKS
from miler.planning.rules._facts import (
    EASY_HR_FRACTION,
    MILE_M,
    PlanFacts,
    SessionFacts,
)
from miler.planning.rules._registry import CHECKS, Outcome, Problems, not_applicable, passed, rule
from miler.planning.rules.coach import quiet_weeks
from miler.planning.rules.sessions import format_key, signature

__all__: list[str] = []


def _variety(facts: PlanFacts) -> Problems:
    problems = Problems()
    previous: dict[tuple[object, ...], str] = {}
    for week in facts.weeks:
        current = {signature(s): s.id for s in week.quality}
        for sig, sid in current.items():
            if sig in previous:
                problems.add(
                    f"{sid}: same {sig[0]} session as {previous[sig]} the week before",
                    [previous[sig], sid],
                )
        previous = current
    for first in range(0, len(facts.weeks) - 3, 4):
        block = facts.weeks[first : first + 4]
        quality = [s for w in block for s in w.quality]
        formats = {format_key(s) for s in quality}
        if len(quality) >= 3 and len(formats) < 3:
            problems.add(
                f"weeks {first + 1}–{first + 4}: {len(formats)} formats "
                f"({', '.join(sorted(formats))})",
                [s.id for s in quality],
            )
    return problems


@rule("R-G17")
def check_variety(facts: PlanFacts) -> Outcome:
    """No identical quality session (format, reps and their distances or times) in
    consecutive weeks; ≥3 distinct formats (recomputed, R-S6 shapes) in every full 4-week
    block from week 1 (choice: a block with fewer than 3 quality sessions cannot hold 3
    formats and is exempt)."""
    return _variety(facts).outcome("no repeats in consecutive weeks; ≥3 formats per 4 weeks")


@rule("R-S6.9")
def check_vary_formats(facts: PlanFacts) -> Outcome:
    """Resolved by R-G17: the same check."""
    result = CHECKS["R-G17"](facts)
    return Outcome(result.status, f"per R-G17: {result.reason}", result.sessions)


@rule("R-S7.1")
def check_recovery(facts: PlanFacts) -> Outcome:
    """Recovery within sessions (every quality rep but a block's last is followed by
    recovery time) and across the week (a full rest day, R-G19)."""
    problems = Problems()
    for s in facts.sessions:
        if any(r.recovery_s is not None and r.recovery_s <= 0 for r in s.reps):
            problems.add(f"{s.id}: reps without recovery between them", [s.id])
    for week, days in _weeks_without_rest(facts):
        problems.add(f"week {week}: sessions on all 7 days", days)
    return problems.outcome("rest between reps and a rest day every week")


def _weeks_without_rest(facts: PlanFacts) -> list[tuple[int, list[str]]]:
    out = []
    for week in facts.weeks:
        dates = {s.date for s in week.sessions}
        span = {week.start + dt.timedelta(days=i) for i in range(7)}
        if span <= dates:
            out.append((week.index, [s.id for s in week.sessions]))
    return out


def _is_cross(s: SessionFacts) -> bool:
    if s.session.type is SessionType.CROSS_TRAINING:
        return True
    return any(isinstance(x, CrossStep) for x in s.leaves())


@rule("R-S7.3")
def check_cross_training_swap(facts: PlanFacts) -> Outcome:
    """Intermediate and experienced athletes (R-G1): every week whose quality sessions
    exceed the 4-week baseline has ≥1 cross-training session, but the goal effort's (C-1)."""
    if facts.level == "novice":
        return not_applicable("novice: R-S7.3 is for intermediate and experienced runners")
    base = facts.plan.baseline.quality_per_week
    problems = Problems()
    quiet = quiet_weeks(facts)  # C-1: no cross-training after the goal effort
    for week in facts.weeks:
        if week.index in quiet:
            continue
        if len(week.quality) > base + 1e-9 and not any(_is_cross(s) for s in week.sessions):
            problems.add(
                f"week {week.index}: {len(week.quality)} quality sessions > baseline {base:g} "
                "and no cross-training",
                [s.id for s in week.sessions],
            )
    return problems.outcome("cross-training wherever quality exceeds the baseline")


@rule("R-S7.4")
def check_gradual_intensity(facts: PlanFacts) -> Outcome:
    """Resolved by R-G16: the same check."""
    result = CHECKS["R-G16"](facts)
    return Outcome(result.status, f"per R-G16: {result.reason}", result.sessions)


@rule("R-G18")
def check_cross_training(facts: PlanFacts) -> Outcome:
    """Cross-training is the athlete's chosen mode, easy (HR cap ≤79% HRmax, from the paces
    of the session's week, or RPE ≤4), and says what it replaces. (The replaced run is
    gone from the plan, so its duration cannot be compared.)"""
    problems = Problems()
    chosen = facts.plan.athlete.cross_training
    count = 0
    for s in facts.sessions:
        cap = EASY_HR_FRACTION * s.paces.hr_max_bpm
        for step in s.leaves():
            if not isinstance(step, CrossStep):
                continue
            count += 1
            if step.mode != chosen:
                problems.add(f"{s.id}: {step.mode}, athlete chose {chosen}", [s.id])
            easy_hr = step.hr_high_bpm is not None and step.hr_high_bpm <= cap + 0.5
            easy_rpe = step.rpe_high is not None and step.rpe_high <= 4
            if not (easy_hr or easy_rpe):
                problems.add(f"{s.id}: cross-training not capped at easy", [s.id])
        if s.session.type is SessionType.CROSS_TRAINING and not (s.session.replaces or "").strip():
            problems.add(f"{s.id}: cross-training does not say what it replaces", [s.id])
    if not count:
        return passed("no cross-training in the plan")
    return problems.outcome(f"{count} cross-training steps, easy, in the chosen mode")


def _hard(s: SessionFacts) -> bool:
    return s.quality or s.session.type is SessionType.RACE


@rule("R-G19")
def check_week_shape(facts: PlanFacts) -> Outcome:
    """Every session inside its 7-day week; a full rest day in every week; no hard days
    (quality, time trial or race) back to back or two on one day; every quality session
    and time trial has ≥10 min of easy running to warm up, drills before its reps, and
    ≥5 min of cool-down running."""
    problems = Problems()
    for week_facts in facts.weeks:
        for s in week_facts.sessions:
            if s.week != week_facts.index or not 0 <= (s.date - week_facts.start).days < 7:
                problems.add(f"{s.id}: dated {s.date}, outside week {week_facts.index}", [s.id])
    for index, days in _weeks_without_rest(facts):
        problems.add(f"week {index}: no rest day", days)
    hard: dict[dt.date, list[str]] = {}
    for s in facts.sessions:
        if _hard(s):
            hard.setdefault(s.date, []).append(s.id)
    for day, ids in sorted(hard.items()):
        if len(ids) > 1:
            problems.add(f"{day}: two hard sessions", ids)
        after = hard.get(day + dt.timedelta(days=1))
        if after:
            problems.add(f"hard sessions on {day} and the day after", [*ids, *after])
    for s in facts.sessions:
        if not s.quality or s.session.type is SessionType.RACE:
            continue
        if s.warmup_run_s < 600 - 1:
            problems.add(f"{s.id}: warm-up {s.warmup_run_s / 60:.1f} min (<10)", [s.id])
        if not s.has_drills_before_main:
            problems.add(f"{s.id}: no drills before the reps", [s.id])
        if s.cooldown_run_s < 300 - 1:
            problems.add(f"{s.id}: cool-down {s.cooldown_run_s / 60:.1f} min (<5)", [s.id])
    return problems.outcome("rest day weekly, hard–easy, warm-up with drills and cool-down")


def _time_trial_weeks(facts: PlanFacts) -> list[int]:
    return sorted({s.week for s in facts.sessions if s.session.type is SessionType.TIME_TRIAL})


@rule("R-G20")
def check_goal_and_retests(facts: PlanFacts) -> Outcome:
    """Mile goals: a goal slower than the current best is flagged maintenance, and the
    plan's goal mile speed is the faster of goal and current (±0.5%); the current mile
    speed matches the assessment. Time trials every 4–6 weeks (by week number) from the end
    of phase-in (a novice's deadline week, once the 30-min run is reached, R-G3; others the
    last week before the full mix): at most 6 weeks from then to the first (none needed in
    a shorter plan), 4–6 weeks between, at most 6 weeks from the last to the end of the
    plan, where the race or final test counts as the last one.
    A week's own pace reference (``Week.reference``: a week kept by a re-plan, written from
    an earlier current mile) is held to the same: its current mile speed matches its
    current mile and, for a mile goal, its goal mile speed is the faster of goal and that
    mile. The maintenance flag is the plan's, judged by the plan's assessment."""
    plan = facts.plan
    problems = Problems()
    paces, goal = plan.paces, plan.goal
    if (
        abs(paces.current_mile_speed_mps - facts.current_speed_mps)
        > 0.005 * facts.current_speed_mps
    ):
        problems.add("current mile speed does not match the current mile")
    if abs(goal.distance_m - MILE_M) <= 0.01 * MILE_M:
        slower = goal.time_s > plan.assessment.current_mile_s + 1e-6
        if slower != goal.maintenance:
            problems.add(
                f"goal {'slower' if slower else 'faster'} than the best but "
                f"maintenance={goal.maintenance}"
            )
        if abs(paces.goal_mile_speed_mps - facts.goal_speed_mps) > 0.005 * facts.goal_speed_mps:
            problems.add("goal mile speed is not the faster of goal and current")
    _check_week_references(facts, problems)
    reached = facts.thirty_minute_week()
    if reached is not None:
        # Counted from the end of phase-in (docs/rule-choices.md): a novice's deadline week
        # (R-G3: a time trial only once the 30-min run is achieved), else the last week
        # before the full mix is due.
        if facts.level == "novice":
            start = max(reached, facts.deadline_week(), 1)
        else:
            start = max(facts.mix_start_week() - 1, 1)
        trials = _time_trial_weeks(facts)
        # C-11: a restart starts the spacing again, counted from the end of its phase-in;
        # the gap across the break is the break, not the plan.
        bounds = [s.first for s in facts.stretches[1:]] + [len(facts.weeks) + 1]
        for stretch, end in zip(facts.stretches, bounds, strict=True):
            if stretch.restart is not None:
                settled = stretch.first + RETURN_SETTLE_WEEKS - 1
                start = max(facts.mix_start_week(stretch.first) - 1, settled)
            own = [t for t in trials if stretch.first <= t < end]
            _check_trial_spacing(own, start, end, end > len(facts.weeks), problems)
        if trials and len(facts.weeks) - trials[-1] > 6:
            problems.add(f"last time trial in week {trials[-1]}, >6 weeks before the end")
    return problems.outcome("goal pace per R-G20; time trials every 4–6 weeks")


def _check_trial_spacing(
    trials: list[int], start: int, end: int, last: bool, problems: Problems
) -> None:
    """R-G20 over one stretch of weeks (to ``end``, exclusive): the first time trial at
    most 6 weeks from ``start``, 4-6 weeks between trials."""
    first = trials[0] if trials else None
    if first is None and last and end - start > 6:
        problems.add(f"no time trial in {end - start} weeks")
    elif first is not None and first - start + 1 > 6:
        problems.add(f"first time trial in week {first}, >6 weeks after week {start}")
    for a, b in itertools.pairwise(trials):
        if not 4 <= b - a <= 6:
            problems.add(f"time trials in weeks {a} and {b}: {b - a} weeks apart (4–6)")


def _check_week_references(facts: PlanFacts, problems: Problems) -> None:
    """R-G20's pace checks on each week's own reference (see :func:`check_goal_and_retests`)."""
    mile_goal = abs(facts.plan.goal.distance_m - MILE_M) <= 0.01 * MILE_M
    for week, found in zip(facts.plan.weeks, facts.weeks, strict=True):
        reference = week.reference
        if reference is None:
            continue
        ids = [s.id for s in found.sessions]
        current = found.paces.current_speed_mps
        if abs(reference.paces.current_mile_speed_mps - current) > 0.005 * current:
            problems.add(
                f"week {week.index}: its reference's current mile speed does not match its "
                f"{reference.current_mile_s:.1f} s mile",
                ids,
            )
        # A week may be written at a step from its current mile toward the goal (C-9,
        # docs/rule-choices.md 16): between the two, never past the goal.
        stepped = reference.paces.goal_mile_speed_mps
        fastest = max(facts.plan.goal.distance_m / facts.plan.goal.time_s, current)
        if mile_goal and not current * 0.995 <= stepped <= fastest * 1.005:
            problems.add(
                f"week {week.index}: its reference's goal mile speed is not between its "
                "current mile and the goal",
                ids,
            )


@rule("R-G21")
def check_treadmill_and_tests(facts: PlanFacts) -> Outcome:
    """Treadmill sessions run at ≥1% incline (the advised 1%) on every run step; a test
    goal over another distance keeps a goal mile speed at least its average speed (a
    mile equivalent is faster than a longer test's pace)."""
    problems = Problems()
    for s in facts.sessions:
        if s.session.location != "treadmill":
            continue
        for step in s.leaves():
            if isinstance(step, RunStep) and (step.incline_pct is None or step.incline_pct < 1):
                problems.add(f"{s.id}: treadmill run without 1% incline", [s.id])
                break
    goal = facts.plan.goal
    if (
        goal.type in (GoalType.MILITARY_TEST, GoalType.OCCUPATIONAL_TEST)
        and goal.distance_m > MILE_M * 1.01
    ):
        average = goal.distance_m / goal.time_s
        if facts.plan.paces.goal_mile_speed_mps < average:
            problems.add("goal mile speed slower than the test's average pace")
    return problems.outcome("treadmill efforts at 1% incline; test goals by average pace")
