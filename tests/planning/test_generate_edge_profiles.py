"""Runners at the slow, older edge of the profile space, where a rep takes long and R-G19's
warm-up and cool-down already fill most of a quality session, and races on a week's first
day. Each profile here once got a fresh plan the validator refused (the rule is in the
test's name); each must now get one that passes every rule.

The profiles are built as in ``test_plan_grid.profile``: the current mile is an all-out time
trial a month before ``TODAY``, the plan starts on a Monday, and the goal is the current
mile (or its Riegel equivalent over the goal distance) less the level's usual gain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from miler.plan.model import Equipment, GoalType, Plan, SessionType
from miler.plan.request import PlanRequest, RaceResult
from miler.planning.generate import generate_plan
from miler.planning.rules._facts import WeekFacts, compute_facts
from miler.planning.validate import validate_plan

MILE = 1609.344
TODAY = dt.date(2027, 1, 1)
START = dt.date(2027, 1, 4)  # a Monday
NOVICE_HISTORY: dict[str, Any] = {
    "months_running": 1,
    "runs_per_week": 1,
    "longest_run_min": 10,
    "recent_intervals": False,
}
NEW_EXPERIENCED: dict[str, Any] = {
    "months_running": 12,
    "runs_per_week": 3,
    "longest_run_min": 30,
    "recent_intervals": True,
}
"""R-G1's least experienced 'experienced' runner: rule choice 5 estimates a baseline of
30 + 2 × 24 = 78 min from these runs, the smallest an experienced runner can have."""


EQUIPPED = Equipment(track=True, gym=True, hills=True, treadmill=True)


def runner(
    mile_s: float, gain: float, days: str, age: int, sex: Literal["M", "F"], **fields: Any
) -> PlanRequest:
    """A runner of ``age`` and ``sex`` with a ``mile_s`` time trial a month ago, training on
    ``days`` (e.g. ``"tue thu sun"``), whose goal is ``gain`` × the current mile (or its
    Riegel 1.06 equivalent over the goal distance)."""
    goal_distance = fields.get("goal_distance_m", MILE)
    trial = RaceResult(
        distance_m=MILE, time_s=mile_s, date=TODAY - dt.timedelta(days=30), tag="time_trial"
    )
    request: dict[str, Any] = {
        "results": (trial,),
        "days": tuple(days.split()),
        "age": age,
        "sex": sex,
        "goal_time_s": round(mile_s * (goal_distance / MILE) ** 1.06 * gain, 1),
        "start_date": START,
        "today": TODAY,
        "force": True,
        **fields,
    }
    return PlanRequest(**request)


def passing_plan(request: PlanRequest) -> Plan:
    plan = generate_plan(request)
    failures = [f"{r.rule}: {r.reason}" for r in validate_plan(plan).failures]
    assert not failures, "\n".join(failures)
    return plan


def quality_reps(week: WeekFacts) -> list[int]:
    return [len(s.reps) for s in week.quality if s.session.type is SessionType.QUALITY]


def test_novice_74_race_after_10_weeks_taper_within_its_bound_R_G8() -> None:
    """Man of 74, 11:35 mile, one month of running: the first taper week held its 30-min
    run and a 23-min session of 4 × 300 m, 108% of the pre-taper weeks (over both 59% and
    rule choice 2's floor of 30 + 20 min)."""
    plan = passing_plan(
        runner(
            695.0,
            0.96,
            "tue thu fri sun",
            74,
            "M",
            race_date=dt.date(2027, 3, 13),
            equipment=EQUIPPED,
            long_run_day="sun",
            **NOVICE_HISTORY,
        )
    )
    facts = compute_facts(plan)
    assert facts.level == "novice"
    first_taper = facts.weeks[-2]
    assert first_taper.taper
    # Intensity kept (one quality session, of at least 2 reps), the 30-min run kept
    # (R-S1.2), and so the week is within rule choice 2's floor: 30 + 20 min.
    assert len(quality_reps(first_taper)) == 1 and quality_reps(first_taper)[0] >= 2
    assert first_taper.longest_continuous_s >= 30 * 60 - 1
    assert first_taper.training_time_s <= 50 * 60


def test_experienced_74_seven_days_within_the_baseline_every_week_R_S1_4() -> None:
    """Woman of 74, 10:18 mile, 78-min baseline, training every day for 24 weeks: each
    lighter week with a time trial held 79.1 min (a 30-min run, 4 × 300 m and the trial)."""
    plan = passing_plan(
        runner(
            618.0,
            0.99,
            "mon tue wed thu fri sat sun",
            74,
            "F",
            weeks=24,
            equipment=EQUIPPED,
            long_run_day="sun",
            **NEW_EXPERIENCED,
        )
    )
    facts = compute_facts(plan)
    assert plan.baseline.weekly_run_min == 78.0
    trial_weeks = [
        w for w in facts.weeks if any(s.session.type is SessionType.TIME_TRIAL for s in w.sessions)
    ]
    assert len(trial_weeks) >= 4
    for week in facts.weeks:
        assert week.training_time_s <= 78 * 60 + 60, week.index  # the final trial counted
    for week in trial_weeks[:-1]:  # the last is the final trial, in the taper
        # still the full mix around the trial (R-S6.8) and the 30-min run (R-G8)
        assert [s.quality_class for s in week.quality].count("short") == 1
        assert week.longest_continuous_s >= 30 * 60 - 1


def test_thirteen_minute_mile_time_trial_week_within_the_baseline_R_S1_4() -> None:
    """A 12:50 mile leaves about 3 min of reps for the short session of a time-trial week
    at a 78-min baseline: 30-min run + trial (29 min) + 15 min of warm-up and cool-down."""
    plan = passing_plan(
        runner(
            769.9,
            0.99,
            "mon wed thu fri",
            62,
            "F",
            weeks=5,
            lifting_experience=True,
            equipment=Equipment(track=True, gym=True, sled=True),
            long_run_day="sat",
            **NEW_EXPERIENCED,
        )
    )
    week_1 = compute_facts(plan).weeks[0]
    assert any(s.session.type is SessionType.TIME_TRIAL for s in week_1.sessions)
    assert week_1.training_time_s <= 78 * 60 + 60
    assert quality_reps(week_1) and min(quality_reps(week_1)) >= 2


def test_race_on_a_monday_keeps_the_sunday_before_free_of_hard_work_R_G19_R_G9() -> None:
    """A race on the first day of its week: the day before ends the week before, which once
    kept its quality session and heavy lifting there."""
    race = dt.date(2027, 1, 18)
    assert race.weekday() == 0
    plan = passing_plan(
        runner(
            762.8,
            0.99,
            "wed sun",
            85,
            "F",
            race_date=race,
            months_running=120,
            runs_per_week=2,
            longest_run_min=100,
            recent_intervals=True,
            equipment=EQUIPPED.model_copy(update={"boxes": True}),
            long_run_day="sat",
        )
    )
    eve = [s for w in plan.weeks for s in w.sessions if s.date == race - dt.timedelta(days=1)]
    assert all(s.type not in (SessionType.QUALITY, SessionType.STRENGTH) for s in eve)
    # the taper week still keeps a quality session (R-G8: intensity kept)
    assert any(s.type is SessionType.QUALITY for s in plan.weeks[-2].sessions)


def test_novice_growth_after_the_full_mix_starts_R_G5() -> None:
    """A novice on two days, 12:15 mile, a maintenance goal: the week after the full mix
    started held a 30-min run, 4 × 300 m and 2 × 800 m, more than 30% over the weeks two or
    more before."""
    plan = passing_plan(
        runner(
            734.8,
            1.02,
            "wed fri",
            68,
            "M",
            goal_type=GoalType.MILITARY_TEST,
            goal_distance_m=1.5 * MILE,
            weeks=22,
            lifting_experience=True,
            equipment=Equipment(track=True, gym=True, treadmill=True, parachute=True),
            long_run_day="sun",
            **NOVICE_HISTORY,
        )
    )
    facts = compute_facts(plan)
    assert plan.deadline_week is not None and plan.deadline_week < len(plan.weeks) - 2
    # the full mix runs from the week after the deadline week, every non-taper week (R-S6.8)
    for week in facts.weeks[plan.deadline_week : -2]:
        assert [s.quality_class for s in week.quality].count("short") == 1
