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
from miler.planning.rules._facts import PlanFacts, SessionFacts, run_step_seconds
from miler.planning.rules._registry import Outcome, Problems, minutes, not_applicable, rule

__all__ = [
    "MIN_CROSS_MIN",
    "MIN_RUN_MIN",
    "RACE_WEEK_QUIET_DAYS",
    "goal_effort",
    "quiet_weeks",
    "session_seconds",
]

MIN_RUN_MIN: Final = 10.0
"""C-2: a run session shorter than this (walk breaks included) is not worth getting
changed for."""
MIN_CROSS_MIN: Final = 15.0
"""C-2: nor is cross-training shorter than this."""
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
