"""The coach rules (C-1 ...): what an experienced coach refuses in a plan that the training
rules do not spell out (issue 11; their text: ``miler/data/rules/coach-rules.md``).

Like every check, these read only the plan: sessions are timed from their steps, hard
sessions are found by their reps, the goal effort by its type and date.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from miler.plan.model import (
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    RunStep,
    SessionType,
)
from miler.planning.rules._facts import PlanFacts, SessionFacts, WeekFacts, run_step_seconds
from miler.planning.rules._registry import Outcome, Problems, minutes, not_applicable, rule

__all__ = [
    "HARD_LONG_RUN_MIN",
    "MIN_CROSS_MIN",
    "MIN_RUN_MIN",
    "OLDER_FROM_AGE",
    "RACE_WEEK_QUIET_DAYS",
    "SCALED_MAX_CONTACTS",
    "YOUTH_BELOW_AGE",
    "age_scaled_athlete",
    "goal_effort",
    "quiet_weeks",
    "session_seconds",
]

MIN_RUN_MIN: Final = 10.0
"""C-2: a run session shorter than this (walk breaks included) is not worth getting
changed for."""
MIN_CROSS_MIN: Final = 15.0
"""C-2: nor is cross-training shorter than this."""
YOUTH_BELOW_AGE: Final = 18
"""C-4: under 18 and ..."""
OLDER_FROM_AGE: Final = 60
"""... from 60, strength by reps in reserve and plyometrics at the novice dose."""
SCALED_MAX_CONTACTS: Final = 100
"""C-4: the most plyometric contacts a session gives a young or older runner (R-G10's
novice range)."""
HARD_LONG_RUN_MIN: Final = 20.0
"""C-3: a continuous run this long or longer is the week's long run, not a jog."""
RACE_WEEK_QUIET_DAYS: Final = 4
"""C-1: no heavy strength, plyometrics or resisted sprints in the days before the goal effort."""

_HARD_TYPES: Final = (SessionType.TIME_TRIAL, SessionType.RACE)


def session_seconds(s: SessionFacts) -> float:
    """A session's whole duration from its steps: running (walks included), drills,
    exercises with their rests, cross-training."""
    total = 0.0
    for step in s.all_steps:
        if isinstance(step, RunStep):
            total += run_step_seconds(step, s.paces.easy_speed_mps)
        elif isinstance(step, DrillStep | ExerciseStep | CrossStep):
            total += step.duration_s
    return total


def _hard(s: SessionFacts) -> bool:
    return s.quality or s.session.type in _HARD_TYPES


def goal_effort(facts: PlanFacts) -> SessionFacts | None:
    """The effort the plan builds to: the race on the goal's date, or in a plan without a
    race date the last time trial of the last week."""
    plan = facts.plan
    if not facts.weeks:
        return None
    last = facts.weeks[-1]
    wanted = SessionType.RACE if plan.goal.race_date is not None else SessionType.TIME_TRIAL
    efforts = [s for s in last.sessions if s.session.type is wanted]
    if not efforts:
        return None
    return max(efforts, key=lambda s: (s.date, s.session.order))


def quiet_weeks(facts: PlanFacts) -> frozenset[int]:
    """The weeks that hold C-1's quiet days before the goal effort or any day after it:
    the goal's week, and the week before when the goal falls early in its week."""
    goal = goal_effort(facts)
    if goal is None:
        return frozenset()
    first = goal.date - dt.timedelta(days=RACE_WEEK_QUIET_DAYS)
    return frozenset(w.index for w in facts.weeks if w.start + dt.timedelta(days=6) >= first)


@rule("C-1")
def check_race_week(facts: PlanFacts) -> Outcome:
    """In the 4 days before the goal effort: no heavy strength, plyometrics or resisted
    sprints, and at most one other hard session. After it: nothing but easy running."""
    goal = goal_effort(facts)
    if goal is None:
        return not_applicable("no goal effort (race or final time trial) in the last week")
    problems = Problems()
    quiet_from = goal.date - dt.timedelta(days=RACE_WEEK_QUIET_DAYS)
    hard_before: list[SessionFacts] = []
    for s in facts.sessions:
        if s is goal:
            continue
        before = quiet_from <= s.date < goal.date or (
            s.date == goal.date and s.session.order < goal.session.order
        )
        after = s.date > goal.date or (s.date == goal.date and s.session.order > goal.session.order)
        power = s.plyometric or any(
            isinstance(step, RunStep) and step.resistance != "none" for step in s.all_steps
        )
        if before and (s.heavy_lower_body or power):
            problems.add(
                f"{s.id}: heavy or explosive work {(goal.date - s.date).days} "
                "day(s) before the goal effort",
                [s.id],
            )
        if before and _hard(s):
            hard_before.append(s)
        easy = s.session.type in (SessionType.EASY_RUN, SessionType.LONG_RUN) and not s.quality
        if after and not (easy and s.longest_continuous_s <= 30 * 60 + 1):
            problems.add(f"{s.id}: {s.session.name} after the goal effort", [s.id])
    if len(hard_before) > 1:
        problems.add(
            f"{len(hard_before)} hard sessions in the {RACE_WEEK_QUIET_DAYS} days before "
            "the goal effort",
            [s.id for s in hard_before],
        )
    return problems.outcome("a quiet run-in to the goal effort and nothing hard after it")


@rule("C-2")
def check_no_token_sessions(facts: PlanFacts) -> Outcome:
    """Every running session lasts ≥10 min (a beginner's walk breaks included: walk-run is
    how a novice builds to the 30-min run) and every cross-training session ≥15 min."""
    problems = Problems()
    for s in facts.sessions:
        kind = s.session.type
        runs = kind in (SessionType.EASY_RUN, SessionType.LONG_RUN) or s.quality
        seconds = session_seconds(s)
        if runs and seconds < MIN_RUN_MIN * 60 - 1:
            problems.add(f"{s.id}: a {minutes(seconds)} run", [s.id])
        cross = sum(
            step.duration_s
            for role, leaves in s.blocks
            for step in leaves
            if isinstance(step, CrossStep) and role is BlockRole.CROSS
        )
        if cross and cross < MIN_CROSS_MIN * 60 - 1:
            problems.add(f"{s.id}: only {minutes(cross)} of cross-training", [s.id])
    return problems.outcome("no session too short to be worth doing")


def _long_session(week: WeekFacts) -> SessionFacts | None:
    """The session holding the week's longest continuous run (≥20 min), if any: an easy or
    long run, never a hard session's warm-up."""
    runs = [s for s in week.sessions if s.longest_continuous_s > 0 and not _hard(s)]
    if not runs:
        return None
    hard_days = {s.date for s in week.sessions if _hard(s)}
    best = max(runs, key=lambda s: (round(s.longest_continuous_s), s.date not in hard_days))
    return best if best.longest_continuous_s >= HARD_LONG_RUN_MIN * 60 - 1 else None


def _free_day_for(facts: PlanFacts, week: WeekFacts, long: SessionFacts) -> dt.date | None:
    """A training day of ``week`` that could take the long run instead: one of the
    athlete's days with no hard session and before the goal's eve (C-1), and for a novice
    not next to another running day
    (R-S7.2 in weeks 1-9; a novice plan may keep alternate days after them)."""
    days = set(facts.plan.athlete.days)
    goal = goal_effort(facts)
    running = {s.date for s in facts.sessions if s.running and s is not long}
    hard = {s.date for s in week.sessions if _hard(s)}
    alternate = facts.level == "novice"
    for offset in range(7):
        date = week.start + dt.timedelta(days=offset)
        if date == long.date or date in hard or date.strftime("%a").lower() not in days:
            continue
        if goal is not None and date >= goal.date - dt.timedelta(days=1):
            continue  # no long run on the goal's eve, only easy running after it (C-1)
        near = {date - dt.timedelta(days=1), date + dt.timedelta(days=1)}
        if alternate and (date in running or near & running):
            continue
        return date
    return None


@rule("C-3")
def check_hard_days_apart(facts: PlanFacts) -> Outcome:
    """No day holds two hard sessions (quality, time trial, race); the week's long run is
    not on a hard session's day when another training day could take it (one with no hard
    session; for a novice, not next to another run)."""
    problems = Problems()
    for week in facts.weeks:
        by_date: dict[dt.date, list[SessionFacts]] = {}
        for s in week.sessions:
            by_date.setdefault(s.date, []).append(s)
        long = _long_session(week)
        for date, sessions in by_date.items():
            hard = [s for s in sessions if _hard(s)]
            if len(hard) > 1:
                problems.add(f"{date}: {len(hard)} hard sessions on one day", [s.id for s in hard])
            if not hard or long is None or long.date != date:
                continue
            free = _free_day_for(facts, week, long)
            if free is not None:
                problems.add(
                    f"{date}: the long run ({minutes(long.longest_continuous_s)}) on the day of "
                    f"{hard[0].session.name}, with {free:%a %d %b} free for it",
                    [long.id, hard[0].id],
                )
    return problems.outcome("hard sessions apart, and long runs on days of their own")


def age_scaled_athlete(facts: PlanFacts) -> bool:
    """Whether the athlete is under 18 or 60 and over (C-4)."""
    age = facts.plan.athlete.age
    return age is not None and (age < YOUTH_BELOW_AGE or age >= OLDER_FROM_AGE)


@rule("C-4")
def check_age_scaled_strength_and_power(facts: PlanFacts) -> Outcome:
    """Under 18 and from 60: no main lift prescribed at ≥85% 1RM or with fewer than 3 reps in
    reserve, and plyometrics low intensity only, at most 100 contacts a session."""
    if not age_scaled_athlete(facts):
        return not_applicable("athlete between 18 and 59 (or age unknown): adult dosing")
    problems = Problems()
    for s in facts.sessions:
        for step in s.all_steps:
            if not isinstance(step, ExerciseStep):
                continue
            if step.category == "strength" and step.main:
                heavy_load = (step.load_pct_1rm or 0) >= 85
                if heavy_load or (step.reps_in_reserve is not None and step.reps_in_reserve < 3):
                    problems.add(f"{s.id}: {step.name} too heavy for the athlete's age", [s.id])
            if step.category == "plyometric" and step.plyo_intensity not in (None, "low"):
                problems.add(f"{s.id}: {step.name} is {step.plyo_intensity} intensity", [s.id])
        if s.plyometric and s.contacts > SCALED_MAX_CONTACTS:
            problems.add(
                f"{s.id}: {s.contacts} plyometric contacts (>{SCALED_MAX_CONTACTS})", [s.id]
            )
    return problems.outcome("strength and plyometrics scaled for age")
