"""Random runners drawn across the whole input space of a plan request (issue 11).

Unlike the grid (tests/planning/test_plan_grid.py), nothing here is shaped to what the
generator handles well: ages 8-90, 4:00-12:00 miles, 1-7 days, 4-52 weeks or a race date,
every goal type, every equipment flag and option, with goals that may be out of reach.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from miler.plan.model import Equipment, GoalType
from miler.plan.request import RaceResult
from miler.science.age_grading import age_grade

MILE = 1609.344
TODAY = dt.date(2027, 1, 1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GOAL_DISTANCES = {
    GoalType.SINGLE_MILE: (MILE,),
    GoalType.TREADMILL_MILE: (MILE,),
    GoalType.RACE_AVERAGE: (3000.0, 5000.0, 8000.0, 10000.0),
    GoalType.MILITARY_TEST: (1.5 * MILE, 2 * MILE, 2400.0),
    GoalType.OCCUPATIONAL_TEST: (1.5 * MILE, 2 * MILE),
}
RESULT_DISTANCES = (MILE, MILE, 1600.0, 1500.0, 3000.0, 5000.0, 10000.0)


def _result(rng: random.Random, mile_s: float) -> RaceResult:
    distance = rng.choice(RESULT_DISTANCES)
    time_s = round(mile_s * (distance / MILE) ** 1.06 * rng.uniform(0.99, 1.01), 1)
    age_days = rng.choice([None, rng.randint(0, 60), rng.randint(0, 500)])
    incline = None
    if rng.random() < 0.1:
        incline = rng.choice([0.0, 1.0, 2.0])
    return RaceResult(
        distance_m=distance,
        time_s=time_s,
        date=None if age_days is None else TODAY - dt.timedelta(days=age_days),
        tag=rng.choice(["race", "time_trial", "time_trial", "workout", "training_run"]),
        treadmill_incline_pct=incline,
    )


def random_request(seed: int) -> dict[str, Any]:
    """The fields of one random plan request (``force`` off: refusals are allowed)."""
    rng = random.Random(seed)
    age = rng.choice([None, rng.randint(8, 90), rng.randint(8, 18), rng.randint(60, 90)])
    sex = rng.choice(["M", "F", None])
    if rng.random() < 0.8:
        # most runners as they are: a 30-95% age grade for their age and sex
        standard = age_grade(300.0, MILE, age or 35, sex or "M").percent * 3.0
        mile_s = min(720.0, max(240.0, standard / rng.uniform(30.0, 95.0) * 100))
    else:
        mile_s = rng.uniform(240.0, 720.0)  # anything in range, plausible or not
    results = [_result(rng, mile_s) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    # at least one all-out result, so the request is about planning, not input
    results[0] = RaceResult(
        distance_m=MILE,
        time_s=round(mile_s, 1),
        date=TODAY - dt.timedelta(days=rng.randint(1, 300)),
        tag=rng.choice(["race", "time_trial"]),
    )
    n_days = rng.randint(1, 7)
    days = tuple(sorted(rng.sample(WEEKDAYS, n_days), key=WEEKDAYS.index))
    goal_type = rng.choice(list(GOAL_DISTANCES))
    distance = rng.choice(GOAL_DISTANCES[goal_type])
    gain = rng.choice([None, rng.uniform(0.90, 1.03), rng.uniform(0.97, 1.0)])
    goal = None if gain is None else round(mile_s * (distance / MILE) ** 1.06 * gain, 1)
    start = TODAY + dt.timedelta(days=rng.randint(0, 13))
    by_date = rng.random() < 0.35
    weeks = rng.choice([4, 5, 6, 8, 12, 16, 24, rng.randint(4, 52)])
    race_date = start + dt.timedelta(days=7 * (weeks - 1) + rng.randint(0, 6)) if by_date else None
    months = rng.choice([0, 1, 3, 6, 12, 24, 120, rng.uniform(0, 240)])
    runs = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, rng.uniform(0, 7)])
    longest = rng.choice([5, 10, 15, 20, 25, 30, 45, 60, 90, 150, rng.uniform(5, 150)])
    weekly = None
    if rng.random() < 0.3:
        weekly = round(rng.uniform(max(longest, 10.0), max(longest, 10.0) * max(runs, 1)), 0)
    quality = rng.choice([None, None, 0, 1, 2, 3])
    return {
        "results": tuple(results),
        "days": days,
        "goal_time_s": goal,
        "goal_distance_m": distance,
        "goal_type": goal_type,
        "weeks": None if by_date else weeks,
        "race_date": race_date,
        "start_date": start,
        "today": TODAY,
        "long_run_day": rng.choice([None, None, *WEEKDAYS]),
        "age": age,
        "sex": sex,
        "months_running": months,
        "runs_per_week": runs,
        "longest_run_min": longest,
        "weekly_run_min": weekly,
        "quality_per_week": quality,
        "recent_intervals": rng.random() < 0.5,
        "lifting_experience": rng.random() < 0.5,
        "body_mass_kg": rng.choice([None, rng.uniform(30, 120)]),
        "hr_max_bpm": rng.choice([None, None, rng.uniform(150, 215)]),
        "equipment": Equipment(
            track=rng.random() < 0.6,
            gym=rng.random() < 0.6,
            hills=rng.random() < 0.6,
            treadmill=rng.random() < 0.4,
            sled=rng.random() < 0.3,
            parachute=rng.random() < 0.2,
            boxes=rng.random() < 0.4,
        ),
        "cross_training": rng.choice(
            ["cycling", "elliptical", "swimming", "deep_water_running", "rowing"]
        ),
        "session_minutes": rng.choice([75, 75, 30, 40, 45, 60, 90, 120, rng.uniform(25, 150)]),
        "force": rng.random() < 0.3,
    }
