"""Every generated plan passes the validator: a grid of 1,000+ varied runners, then
hypothesis exploring further.

The profiles span novice to elite (mile ~3:50 to ~12:00, drawn as age grades of 35–97% of
the WMA standard for the runner's age and sex so no goal passes a record), 4 to 24 weeks,
2 to 7 days a week, each sex (and unknown), ages 14–80, every goal type, with and
without track, gym, hills and the rest of the equipment, by weeks or by race date.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import time
from collections import Counter
from typing import Any

import pytest

if importlib.util.find_spec("miler.planning.generate") is None:  # pragma: no cover
    pytest.skip(
        "the plan generator (miler.planning.generate) is not written yet", allow_module_level=True
    )

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from miler.plan.model import Equipment, GoalType
from miler.plan.request import PlanRequest, RaceResult
from miler.planning.generate import generate_plan
from miler.planning.validate import validate_plan
from miler.science.age_grading import age_grade

MILE = 1609.344
TODAY = dt.date(2027, 1, 1)
START = dt.date(2027, 1, 4)  # a Monday
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GRID_SIZE = 1008
GOAL_DISTANCES = {
    GoalType.SINGLE_MILE: MILE,
    GoalType.TREADMILL_MILE: MILE,
    GoalType.RACE_AVERAGE: 5000.0,
    GoalType.MILITARY_TEST: 1.5 * MILE,
    GoalType.OCCUPATIONAL_TEST: 2 * MILE,
}
HISTORIES: dict[str, list[tuple[float, float, float, bool]]] = {
    # months running, runs/week, longest continuous run (min), recent intervals
    "novice": [
        (1, 1, 10, False),
        (3, 2, 20, False),
        (5, 3, 25, False),
        (24, 1.5, 40, True),
        (2, 3, 35, False),
    ],
    "intermediate": [(8, 3, 40, True), (24, 4, 50, False), (10, 2, 30, False)],
    "experienced": [(12, 3, 30, True), (36, 5, 60, True), (120, 7, 100, True)],
}


def mile_time(grade_pct: float, age: int, sex: str) -> float:
    """The mile time that grades ``grade_pct`` for age and sex (WMA standard / grade)."""
    standard = age_grade(300.0, MILE, age, sex).percent * 3.0  # grade × time / 100
    return round(min(725.0, max(228.0, standard / grade_pct * 100)), 1)


def profile(rng: random.Random, index: int) -> dict[str, Any]:
    """One runner of the grid; ``index`` walks the level, goal type and day count evenly."""
    level = ("novice", "intermediate", "experienced")[index % 3]
    goal_type = list(GOAL_DISTANCES)[index // 3 % 5]
    n_days = 2 + index // 15 % 6
    sex = rng.choice(["M", "F", "M", "F", None])
    age = rng.choice([14, 16, 19, 25, 31, 38, 45, 52, 60, 67, 74, 80, rng.randint(14, 80)])
    low, high = {"novice": (35, 60), "intermediate": (45, 75), "experienced": (55, 97)}[level]
    pr = mile_time(rng.uniform(low, high), age, sex or "M")
    months, runs, longest, intervals = rng.choice(HISTORIES[level])
    runs = min(runs, n_days)  # nobody runs more often than they can train
    days = tuple(sorted(rng.sample(WEEKDAYS, n_days), key=WEEKDAYS.index))
    while n_days == 2 and _adjacent(days):
        # two neighbouring days cannot hold a short and a long quality session without
        # back-to-back hard days (R-S6.8 against R-G19): no coach would plan that week
        days = tuple(sorted(rng.sample(WEEKDAYS, n_days), key=WEEKDAYS.index))
    weeks = rng.choice([4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 24, rng.randint(4, 24)])
    distance = GOAL_DISTANCES[goal_type]
    gain = {"novice": 0.96, "intermediate": 0.98, "experienced": 0.99}[level]
    if rng.random() < 0.1:
        gain = 1.02  # a maintenance goal
    goal = round(pr * (distance / MILE) ** 1.06 * gain, 1)
    by_date = rng.random() < 0.4
    return {
        "results": (
            RaceResult(
                distance_m=MILE, time_s=pr, date=TODAY - dt.timedelta(days=30), tag="time_trial"
            ),
        ),
        "days": days,
        "goal_time_s": goal,
        "goal_distance_m": distance,
        "goal_type": goal_type,
        "weeks": None if by_date else weeks,
        "race_date": START + dt.timedelta(days=7 * (weeks - 1) + 5) if by_date else None,
        "start_date": START,
        "today": TODAY,
        "age": age if rng.random() > 0.05 else None,
        "sex": sex,
        "months_running": months,
        "runs_per_week": runs,
        "longest_run_min": longest,
        "recent_intervals": intervals,
        "lifting_experience": rng.random() < 0.5,
        "equipment": Equipment(
            track=rng.random() < 0.6,
            gym=rng.random() < 0.6,
            hills=rng.random() < 0.6,
            treadmill=rng.random() < 0.4,
            sled=rng.random() < 0.3,
            parachute=rng.random() < 0.2,
            boxes=rng.random() < 0.4,
        ),
        "long_run_day": rng.choice([None, "sat", "sun"]),
        "force": True,
    }


def _adjacent(days: tuple[str, ...]) -> bool:
    a, b = (WEEKDAYS.index(d) for d in days)
    return (b - a) % 7 in (1, 6)


def grid() -> list[dict[str, Any]]:
    rng = random.Random(20270104)
    return [profile(rng, i) for i in range(GRID_SIZE)]


def _describe(fields: dict[str, Any]) -> str:
    shown = {k: v for k, v in fields.items() if k not in ("today", "start_date", "force")}
    shown["results"] = f"mile {fields['results'][0].time_s}"
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def _failures(fields: dict[str, Any]) -> list[str]:
    plan = generate_plan(PlanRequest(**fields))
    report = validate_plan(plan)
    return [f"{r.rule}: {r.reason} [{', '.join(r.sessions[:3])}]" for r in report.failures]


def test_grid_of_1000_profiles_all_pass_the_validator() -> None:
    profiles = grid()
    assert len(profiles) >= 1000
    assert {p["goal_type"] for p in profiles} == set(GOAL_DISTANCES)
    assert {len(p["days"]) for p in profiles} == {2, 3, 4, 5, 6, 7}
    problems: list[str] = []
    by_rule: Counter[str] = Counter()
    started = time.perf_counter()
    for fields in profiles:
        try:
            failures = _failures(fields)
        except Exception as error:  # a valid profile must always get a plan
            failures = [f"generator: {type(error).__name__}: {error}"]
        for failure in failures:
            by_rule[failure.split(":")[0]] += 1
        if failures:
            problems.append(f"{_describe(fields)}\n    " + "\n    ".join(failures))
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{rule} ×{n}" for rule, n in by_rule.most_common())
    assert not problems, (
        f"{len(problems)} of {len(profiles)} plans fail ({summary}; {elapsed:.0f} s):\n"
        + "\n".join(problems[:15])
    )


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    index = draw(st.integers(min_value=0, max_value=10_000))
    return profile(random.Random(seed), index)


# derandomize: CI must give the same verdict on the same code. A failure found by a free
# random search belongs in the grid or a named test once fixed, not in a flaky CI run.
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(fields=requests())
def test_hypothesis_profiles_pass_the_validator(fields: dict[str, Any]) -> None:
    try:
        failures = _failures(fields)
    except Exception as error:
        failures = [f"generator: {type(error).__name__}: {error}"]
    assert not failures, f"{_describe(fields)}\n" + "\n".join(failures)
