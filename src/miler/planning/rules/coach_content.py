"""The coach rules on what sessions hold (C-8, C-9, C-10): what an experienced coach
refuses in a plan's content that the training rules do not spell out (issue 11, items 3, 9
and 10; their text: ``miler/data/rules/coach-rules.md``).

Like every check, these read only the plan: a session's length from its steps, a week's
goal pace from the paces it is judged by (its reference, else the plan's), the goal
effort from its type and date.
"""

from __future__ import annotations

import re
from typing import Final

from miler.plan.model import GoalType, RunStep, SessionType
from miler.planning.rules._facts import PlanFacts, SessionFacts, WeekFacts
from miler.planning.rules._registry import Outcome, Problems, minutes, rule
from miler.planning.rules.coach import goal_effort, session_seconds
from miler.units import MILE_M

__all__ = [
    "GOAL_PACE_SLACK",
    "REHEARSAL_GROWTH_SHARE",
    "SESSION_SLACK_S",
    "arrival_week",
    "goal_pace_ramp",
    "rehearsal_fits",
    "rehearses_distance",
]

SESSION_SLACK_S: Final = 30.0
"""C-8: a session may pass the runner's stated minutes by this much (rounding of rep
times, a lap button pressed late), no more."""
GOAL_PACE_SLACK: Final = 0.005
"""C-9: a week's goal pace may be this much faster than its step toward the goal (the
0.5% every pace check allows for rounding)."""
REHEARSED_UP_TO_M: Final = 2 * MILE_M * 1.01
"""C-10: time trials rehearse a goal distance up to 2 miles (the fitness tests' 1.5 and
2 mi, 2400 m, a 3000 m race). A 5-10 km time trial mid-plan would cost a low-volume
runner's whole growth allowance (R-G5, R-G16); there the race itself is the rehearsal."""
REHEARSAL_GROWTH_SHARE: Final = 0.10
"""C-10: a time trial rehearses the goal's distance when that adds at most 10% of the
runner's weekly baseline to a mile time trial (R-G16's weekly growth); a longer rehearsal
would crowd out the week's training, and the test itself is then the rehearsal."""
_UNROUNDED_NUMBER: Final = re.compile(r"\d+\.\d{3,}")
"""A distance printed with three or more decimals: "2.41402 km" instead of "1.5 mi"."""
_TEST_GOALS: Final = frozenset(
    {GoalType.MILITARY_TEST, GoalType.OCCUPATIONAL_TEST, GoalType.RACE_AVERAGE}
)


_LIMITED_TYPES: Final = frozenset(
    {SessionType.QUALITY, SessionType.TIME_TRIAL, SessionType.EASY_RUN, SessionType.RACE}
)
"""C-8 limits the running sessions: quality, time trials, easy runs (and a race that is
not the goal)."""


def exempt_from_session_limit(facts: PlanFacts, s: SessionFacts, goal: SessionFacts | None) -> bool:
    """The long run may pass the stated minutes (the request says so), and so may the goal
    race and a time trial over the goal's distance (C-10's rehearsal): the runner chose
    that distance. Strength, power and cross-training are not running sessions."""
    if s.session.type not in _LIMITED_TYPES:
        return True
    if s.session.type is SessionType.TIME_TRIAL and _other_distance(facts):
        return rehearses_distance(s, facts.plan.goal.distance_m)
    return s is goal and s.session.type is SessionType.RACE


def _other_distance(facts: PlanFacts) -> bool:
    """Whether the goal is over another distance than the mile (±1%) that time trials
    rehearse (at most :data:`REHEARSED_UP_TO_M`)."""
    distance = facts.plan.goal.distance_m
    return abs(distance - MILE_M) > 0.01 * MILE_M and distance <= REHEARSED_UP_TO_M


@rule("C-8")
def check_sessions_fit_stated_minutes(facts: PlanFacts) -> Outcome:
    """Every running session but the long run and the goal race (quality, time trials, easy
    runs) lasts no longer than the minutes the runner said a session may take (warm-up,
    drills, reps, recoveries and cool-down all counted); a time trial over a goal's other
    distance is exempt like the goal race."""
    limit_s = facts.plan.athlete.session_minutes * 60.0
    goal = goal_effort(facts)
    problems = Problems()
    for s in facts.sessions:
        if exempt_from_session_limit(facts, s, goal):
            continue
        seconds = session_seconds(s)
        if seconds > limit_s + SESSION_SLACK_S:
            problems.add(
                f"{s.id}: {s.session.name} takes {minutes(seconds)}, the runner has "
                f"{minutes(limit_s)}",
                [s.id],
            )
    return problems.outcome(f"every session fits the runner's {minutes(limit_s)}")


def arrival_week(facts: PlanFacts) -> int:
    """C-9: the week goal pace arrives: the last week of the mile-specific phase, else the
    last week before the taper, else week 1."""
    for phase in ("specific", "build", "base"):
        weeks = [w.index for w in facts.weeks if w.phase == phase]
        if weeks:
            return max(weeks)
    return 1


def goal_pace_ramp(week: WeekFacts, facts: PlanFacts, arrival: int) -> float:
    """C-9: the fastest goal pace (m/s) ``week`` may be written at: a straight step from
    the week's current mile speed in week 1 to the plan's goal reference speed in the
    ``arrival`` week, and the goal from then on (a maintenance goal: the current speed)."""
    current = week.paces.current_speed_mps
    goal = max(facts.goal_speed_mps, current)
    share = 1.0 if arrival <= 1 else min(1.0, (week.index - 1) / (arrival - 1))
    return current + (goal - current) * share


def _writes_goal_pace(week: WeekFacts) -> bool:
    """Whether the week holds a quality session whose reps are keyed to goal pace (R-S6.1
    to R-S6.4, R-G12, R-G13): any rep by distance."""
    return any(rep.distance_m is not None for s in week.quality for rep in s.reps)


@rule("C-9")
def check_goal_pace_progression(facts: PlanFacts) -> Outcome:
    """Each week's goal pace (the pace its reps are judged by) steps from the runner's
    current mile toward the goal, no faster than a straight line from the current mile in
    week 1 to the goal in the last mile-specific week, and is the goal from that week on
    (weeks written from an earlier current mile by a re-plan follow their own)."""
    arrival = arrival_week(facts)
    problems = Problems()
    for week in facts.weeks:
        if not _writes_goal_pace(week):
            continue
        speed = week.paces.goal_speed_mps
        ramp = goal_pace_ramp(week, facts, arrival)
        ids = [s.id for s in week.quality]
        if speed > ramp * (1 + GOAL_PACE_SLACK):
            problems.add(
                f"week {week.index}: reps at {100 * (speed / week.paces.current_speed_mps - 1):.1f}"
                f"% faster than the current mile, the step toward the goal is "
                f"{100 * (ramp / week.paces.current_speed_mps - 1):.1f}%",
                ids,
            )
        same_mile = abs(week.paces.current_speed_mps - facts.current_speed_mps) <= (
            GOAL_PACE_SLACK * facts.current_speed_mps
        )
        if week.index >= arrival and same_mile and speed < ramp * (1 - GOAL_PACE_SLACK):
            problems.add(f"week {week.index}: goal pace has not arrived by week {arrival}", ids)
    return problems.outcome(
        f"goal pace approached from the current mile, reached in week {arrival}"
    )


def _effort_distance(s: SessionFacts) -> float | None:
    """The distance of a time trial's or race's all-out effort."""
    for step in s.all_steps:
        if isinstance(step, RunStep) and step.purpose in ("time_trial", "race"):
            return step.distance_m
    return None


def rehearsal_fits(baseline_min: float, distance_m: float, mile_speed_mps: float) -> bool:
    """C-10: whether a time trial over ``distance_m`` (m) instead of the mile, at
    ``mile_speed_mps``, adds at most :data:`REHEARSAL_GROWTH_SHARE` of the weekly
    ``baseline_min`` (minutes)."""
    extra_min = (distance_m - MILE_M) / mile_speed_mps / 60.0
    return extra_min <= REHEARSAL_GROWTH_SHARE * baseline_min


def rehearses_distance(s: SessionFacts, distance_m: float) -> bool:
    """Whether time trial or race ``s`` is run over ``distance_m`` (±1%)."""
    run = _effort_distance(s)
    return run is not None and abs(run - distance_m) <= 0.01 * distance_m


def _rehearsal_due(facts: PlanFacts, trial: SessionFacts) -> bool:
    """Whether ``trial`` should have been over the goal's distance and is not: a mile trial
    whose rehearsal would have fitted :func:`rehearsal_fits` (5% lenient for rounding)."""
    goal = facts.plan.goal.distance_m
    if rehearses_distance(trial, goal):
        return False
    effort = next(
        (
            step
            for step in trial.all_steps
            if isinstance(step, RunStep) and step.purpose == "time_trial"
        ),
        None,
    )
    if effort is None or effort.distance_m is None or not effort.target_time_s:
        return True
    speed = effort.distance_m / effort.target_time_s
    # the week's stretch: the baseline, or after a restart the running it returns from
    weekly = facts.stretch(trial.week).weekly_run_min
    return rehearsal_fits(0.95 * weekly, goal, speed)


def _names(s: SessionFacts) -> list[str]:
    return [s.session.name, *(step.name for step in s.all_steps if hasattr(step, "name"))]


@rule("C-10")
def check_test_goals_rehearsed(facts: PlanFacts) -> Outcome:
    """A goal over another distance than the mile up to 2 miles (a fitness test, a race
    average): the goal effort, and the last time trial before it when the plan has one and
    the longer effort adds at most 10% of the weekly baseline, are run over the goal's
    distance; no session names a distance by an unrounded number ("2.41402 km");
    every treadmill session's runs carry a belt speed."""
    problems = Problems()
    for s in facts.sessions:
        unrounded = [name for name in _names(s) if _UNROUNDED_NUMBER.search(name)]
        if unrounded:
            problems.add(f"{s.id}: named {unrounded[0]!r}", [s.id])
        if s.session.location == "treadmill":
            for step in s.all_steps:
                walking = isinstance(step, RunStep) and step.purpose in ("walk", "walk_back")
                if isinstance(step, RunStep) and not walking and step.speed_low_mps is None:
                    problems.add(
                        f"{s.id}: {step.name} on the treadmill without a belt speed", [s.id]
                    )
                    break
    goal = facts.plan.goal
    effort = goal_effort(facts)
    if goal.type in _TEST_GOALS and _other_distance(facts) and effort is not None:
        if not rehearses_distance(effort, goal.distance_m):
            problems.add(f"{effort.id}: the goal effort is not over the goal's distance")
        trials = [
            s
            for s in facts.sessions
            if s.session.type is SessionType.TIME_TRIAL and s.date < effort.date
        ]
        if trials and _rehearsal_due(facts, trials[-1]):
            problems.add(
                f"{trials[-1].id}: the last time trial before the goal is not over the "
                f"goal's {goal.distance_m:.0f} m",
                [trials[-1].id],
            )
    return problems.outcome("test goals rehearsed at their distance and named in their terms")
