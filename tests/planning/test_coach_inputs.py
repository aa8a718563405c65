"""Issue 11, items 6, 7 and 12: requests a coach would question are refused with a one-line
reason, and a plan that would break a rule is refused naming the rule, never handed out."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from pydantic import ValidationError

from miler.errors import ImpossibleGoalError, InvalidInputError
from miler.plan.request import PlanRequest, RaceResult
from miler.planning.generate import generate_checked_plan, generate_plan
from miler.planning.validate import validate_plan

MILE = 1609.344
TODAY = dt.date(2027, 1, 1)


def request(**fields: Any) -> PlanRequest:
    base: dict[str, Any] = {
        "results": (RaceResult(distance_m=MILE, time_s=400.0, date=TODAY, tag="time_trial"),),
        "days": ("mon", "wed", "fri", "sat"),
        "today": TODAY,
        "age": 35,
        "sex": "F",
    }
    base.update(fields)
    return PlanRequest(**base)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weekly_run_min", 100000),
        ("weeks", 53),
        ("age", 110),
        ("session_minutes", 10),
        ("runs_per_week", 30),
        ("longest_run_min", 1000),
        ("quality_per_week", 12),
        ("months_running", 5000),
        ("body_mass_kg", 5),
    ],
)
def test_numbers_a_coach_would_question_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValidationError, match=field):
        request(**{field: value})


def test_a_race_date_more_than_52_weeks_away_is_refused() -> None:
    far = request(race_date=TODAY + dt.timedelta(weeks=159))
    with pytest.raises(InvalidInputError, match=r"at most 52 weeks"):
        generate_plan(far)
    near = request(race_date=TODAY + dt.timedelta(weeks=40))
    assert len(generate_plan(near).weeks) <= 52


def test_one_training_day_is_refused_with_the_rule_it_cannot_hold() -> None:
    # issue 11 item 6: --days sat crammed four sessions into one day with no word
    with pytest.raises(InvalidInputError, match=r"one training day \(sat\).*R-S6.8"):
        generate_plan(request(days=("sat",)))


def test_two_neighbouring_days_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"neighbouring days \(mon, sun\).*R-G19"):
        generate_plan(request(days=("sun", "mon")))


def test_a_current_mile_beyond_the_age_standard_is_questioned() -> None:
    # a 4:10 mile at 70 grades far above 100%: a typo in the result, the age or the sex
    with pytest.raises(InvalidInputError, match=r"grades over 105% of the age-grade standard"):
        generate_plan(
            request(
                age=70,
                sex="M",
                force=True,
                results=(RaceResult(distance_m=MILE, time_s=250.0, date=TODAY, tag="race"),),
            )
        )


def test_item_7_two_days_keep_a_short_session_every_week() -> None:
    # issue 11 item 7's runner: a baseline of 3 quality sessions on two days; before the
    # fix every other week was long + long with no short session (R-S6.8)
    item7 = request(
        results=(RaceResult(distance_m=5000.0, time_s=1100.7, date=TODAY, tag="race"),),
        goal_time_s=1090.8,
        goal_distance_m=5000.0,
        goal_type="race_average",
        weeks=18,
        days=("mon", "sat"),
        age=39,
        months_running=18,
        runs_per_week=3,
        longest_run_min=105,
        recent_intervals=True,
        weekly_run_min=150,
        quality_per_week=3,
        equipment={"track": False},
        lifting_experience=True,
        session_minutes=60,
    )
    plan = generate_checked_plan(item7)
    week_mix = [
        sorted(s.quality_class for s in w.sessions if s.quality_class and s.type != "time_trial")
        for w in plan.weeks
        if w.phase != "taper"
    ]
    assert all(mix.count("short") == 1 for mix in week_mix), week_mix


def test_a_plan_the_validator_rejects_is_refused_naming_the_rule() -> None:
    # an experienced single-miler whose baseline holds 3 quality sessions a week (R-S1.4:
    # never fewer) on two days, which hold only two apart (R-G19)
    three_on_two = request(
        days=("mon", "thu"),
        months_running=36,
        runs_per_week=4,
        longest_run_min=60,
        recent_intervals=True,
        quality_per_week=3,
        weeks=12,
    )
    failures = validate_plan(generate_plan(three_on_two)).failures
    assert failures
    with pytest.raises(ImpossibleGoalError, match=rf"keeps rule {failures[0].rule}\b"):
        generate_checked_plan(three_on_two)


def test_young_runners_improve_faster_item_11() -> None:
    # the same 5:10 mile: a 16-year-old has growing to do on top of training (WMA youth
    # factors, R-G2), so the best case over 16 weeks is faster than a 35-year-old's
    from miler.science.improvement import projected_mile

    young = projected_mile("intermediate", 310.0, 16, 16, "M")
    adult = projected_mile("intermediate", 310.0, 16, 35, "M")
    assert young.low_s < adult.low_s
    assert young.ceiling_s > adult.ceiling_s  # still capped at the age-16 standard (R-F2.2)
    # from 20 the age grade alone sets the room, as before
    at_20 = projected_mile("intermediate", 310.0, 16, 20, "M")
    course = (1 - math.exp(-16 / 12)) / (1 - math.exp(-1))
    headroom = (1 - at_20.ceiling_s / 310.0) / 0.4
    assert at_20.low_s == pytest.approx(310.0 * (1 - 0.10 * headroom * course))
