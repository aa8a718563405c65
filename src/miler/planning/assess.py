"""Where the runner stands before planning: current best mile (R-G3), level (R-G1), the
4-week baseline, HRmax (R-G14), reference intensities, the goal (R-G20) and whether it is
realistic (R-F2)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from miler.errors import ImpossibleGoalError, InvalidInputError, MilerError
from miler.plan.model import Assessment, Baseline, Goal, PlanPaces
from miler.plan.request import PlanRequest
from miler.science.current import current_mile
from miler.units import MILE_M, format_time, mile_from_1600
from miler.workouts.targets import Intensities

__all__ = ["Profile", "assess"]

GOAL_FACTOR: Final = 0.97
"""R-G20: default goal = current best × 0.97."""
IMPLAUSIBLE_GRADE: Final = 1.05
"""A current mile grading over 105% of its age standard is a typo in the result, age or sex
(issue 11, item 12: a 6:00 mile at 110 graded 774%); up to it, a record-level runner."""


@dataclass(frozen=True)
class Profile:
    """What generation needs to know about the runner."""

    level: str
    assessment: Assessment
    baseline: Baseline
    goal: Goal
    goal_mile_s: float
    """The goal as a mile (its mile equivalent for other distances, R-G4)."""
    intensities: Intensities
    paces: PlanPaces
    notes: tuple[str, ...]


def _hr_max(request: PlanRequest) -> tuple[float, str]:
    from miler.science.heart_rate import estimate_hr_max

    if request.hr_max_bpm is not None:
        return request.hr_max_bpm, "measured"
    if request.age is not None:
        return estimate_hr_max(request.age), "Tanaka 2001: 208 - 0.7 x age"
    return estimate_hr_max(35), "Tanaka 2001: 208 - 0.7 x age, age unknown so 35 assumed"


def _easy_speeds(current_mile_s: float) -> tuple[float, float]:
    """Daniels E speeds from the VDOT of the current mile; outside Daniels' VDOT range the
    E band is scaled from the nearest table edge in proportion to mile speed."""
    from miler.science.paces import training_paces
    from miler.science.vdot import vdot_from_performance

    vdot = vdot_from_performance(MILE_M, current_mile_s)
    clamped = min(90.0, max(20.0, vdot))
    easy = training_paces(clamped).easy
    if clamped == vdot:
        return easy
    from miler.science.vdot import time_for_vdot

    edge_speed = MILE_M / time_for_vdot(clamped, MILE_M)
    scale = (MILE_M / current_mile_s) / edge_speed
    return easy[0] * scale, easy[1] * scale


def _ceiling_s(request: PlanRequest) -> float:
    """The 100% age/sex standard for the mile (R-F2.2): a default goal never passes it."""
    if request.age is None or request.sex is None:
        return 0.0
    from miler.science.age_grading import age_standard

    try:
        return age_standard(MILE_M, request.age, request.sex, "track").age_standard_s
    except MilerError:
        return 0.0


def _goal_mile(request: PlanRequest, goal_s: float) -> float:
    from miler.science.equivalence import riegel_time

    if math.isclose(request.goal_distance_m, MILE_M, abs_tol=0.5):
        return goal_s
    if math.isclose(request.goal_distance_m, 1600.0, abs_tol=0.5):
        return mile_from_1600(goal_s)
    return riegel_time(request.goal_distance_m, goal_s, MILE_M)


OTHER_RUN_MAX_MIN: Final = 35.0
"""The longest "other" run the baseline estimate assumes (a conservative easy run)."""


def _estimated_weekly_min(request: PlanRequest) -> float:
    """A conservative 4-week baseline when the weekly run time is not given (R-S1.4, R-G8;
    project choice, docs/rule-choices.md): the longest run plus, for every other run of the
    week, 80% of it but at most 35 min, counting no more runs than training days, and never
    more than those days can hold at ``session_minutes`` each (the longest run may exceed
    it)."""
    longest = request.longest_run_min
    runs = min(request.runs_per_week, float(len(set(request.days))))
    if runs <= 0:
        return 0.0
    weekly = longest + max(0.0, runs - 1.0) * min(0.8 * longest, OTHER_RUN_MAX_MIN)
    days = len(set(request.days))
    capacity = max(longest, request.session_minutes) + (days - 1) * request.session_minutes
    return min(weekly, capacity)


def _baseline(request: PlanRequest) -> Baseline:
    """The 4-week baseline: as given, else estimated (:func:`_estimated_weekly_min`)."""
    weekly = request.weekly_run_min
    if weekly is None:
        weekly = _estimated_weekly_min(request)
    quality = request.quality_per_week
    if quality is None:
        quality = 1.0 if request.recent_intervals else 0.0
    return Baseline(
        weekly_run_min=round(weekly, 1),
        quality_per_week=quality,
        longest_run_min=request.longest_run_min,
    )


def _grade(request: PlanRequest, current_s: float) -> tuple[float | None, str | None, float | None]:
    if request.age is None or request.sex is None:
        return None, None, None
    from miler.science.age_grading import age_grade

    try:
        grade = age_grade(current_s, MILE_M, request.age, request.sex)
    except MilerError:
        return None, None, None
    return grade.percent, grade.band, grade.open_equivalent_s


def _best_case_s(request: PlanRequest, level: str, current_s: float, weeks: int) -> float:
    """The fastest realistic mile after ``weeks`` (miler.science.improvement)."""
    from miler.science.improvement import projected_mile

    return projected_mile(level, current_s, weeks, request.age, request.sex).low_s


def _check_goal(
    request: PlanRequest, level: str, current_s: float, goal_mile_s: float, weeks: int
) -> None:
    from miler.science.improvement import projected_mile
    from miler.science.records import world_record_s

    record = world_record_s(MILE_M, request.sex)
    if goal_mile_s < record:
        who = "women's" if request.sex == "F" else "men's"
        raise InvalidInputError(
            f"a goal of {format_time(goal_mile_s, 2)} for the mile is faster than the {who} "
            f"world record ({format_time(record, 2)}); choose a slower goal"
        )
    ceiling = _ceiling_s(request)
    if current_s < ceiling / IMPLAUSIBLE_GRADE:
        raise InvalidInputError(
            f"a current mile of {format_time(current_s, 1)} grades over "
            f"{IMPLAUSIBLE_GRADE:.0%} of the age-grade standard for age {request.age} "
            f"({format_time(ceiling, 1)}), far beyond the age-group world record; check the "
            "result, the age and the sex"
        )
    if goal_mile_s < ceiling - 0.05 and goal_mile_s < current_s:
        raise InvalidInputError(
            f"a goal of {format_time(goal_mile_s, 1)} for the mile is faster than the 100% "
            f"age-grade standard for age {request.age} ({format_time(ceiling, 1)}), the "
            "age-group world-record level no training passes (R-F2.2); choose a slower goal"
        )
    if request.force or goal_mile_s >= current_s:
        return
    projection = projected_mile(level, current_s, weeks, request.age, request.sex)
    if goal_mile_s < projection.low_s - 0.5:
        raise ImpossibleGoalError(
            f"a {format_time(goal_mile_s, 1)} mile in {weeks} weeks is beyond the realistic "
            f"range {format_time(projection.low_s, 0)}-{format_time(projection.high_s, 0)} "
            f"(likely {format_time(projection.likely_s, 0)}) for {_article(level)} {level} "
            f"runner whose current mile is {format_time(current_s, 0)}; "
            f"source: {projection.source}. Choose a slower goal, give more weeks, or use "
            "--force to plan anyway"
        )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def assess(request: PlanRequest, today: dt.date, weeks: int) -> Profile:
    """Everything about the runner that the plan is built from."""
    from miler.science.levels import classify_level
    from miler.science.paces import mile_paces

    current = current_mile(request.results, today, sex=request.sex)
    current_s, estimated, source = current.time_s, current.estimated, current.source
    lifetime = current.lifetime_best_s
    level = str(
        classify_level(
            request.months_running,
            request.runs_per_week,
            request.longest_run_min,
            request.recent_intervals,
        )
    )
    notes: list[str] = []
    if request.weekly_run_min is None:
        notes.append(
            f"baseline: {_estimated_weekly_min(request):.1f} min of running a week, estimated "
            f"conservatively from {request.runs_per_week:g} runs a week and a longest run of "
            f"{request.longest_run_min:g} min (give your weekly minutes to replace it)"
        )
    goal_s = request.goal_time_s
    if goal_s is None:
        goal_s = max(current_s * GOAL_FACTOR, min(current_s, _ceiling_s(request)))
        realistic = _best_case_s(request, level, current_s, weeks)
        if goal_s < realistic:
            goal_s = realistic
            notes.append(
                f"goal: current best × {GOAL_FACTOR:g} (R-G20 default) is beyond the realistic "
                "range for the weeks available; the goal is the best-case projection instead"
            )
        else:
            notes.append(f"goal: current best × {GOAL_FACTOR:g} (R-G20 default)")
        if not math.isclose(request.goal_distance_m, MILE_M, abs_tol=0.5):
            goal_s = _inverse_goal(request, goal_s)
    goal_mile_s = _goal_mile(request, goal_s)
    _check_goal(request, level, current_s, goal_mile_s, weeks)
    maintenance = goal_mile_s > current_s
    if maintenance:
        notes.append(
            "maintenance goal (slower than your current best): paces use your current best (R-G20)"
        )
    train_mile_s = min(goal_mile_s, current_s)
    hr_max, hr_source = _hr_max(request)
    easy_low, easy_high = _easy_speeds(current_s)
    band = mile_paces(train_mile_s, current_s).effort_band
    assert band is not None
    goal_speed = MILE_M / train_mile_s
    intensities = Intensities(
        goal_speed=goal_speed,
        current_speed=MILE_M / current_s,
        easy_low=easy_low,
        easy_high=easy_high,
        fast_speed=max(band),
        hr_max=hr_max,
        level=level,  # type: ignore[arg-type]
    )
    grade, band_name, open_eq = _grade(request, current_s)
    assessment = Assessment(
        current_mile_s=current_s,
        current_mile_estimated=estimated,
        current_mile_source=source,
        age_grade_pct=grade,
        band=band_name,
        open_equivalent_s=open_eq,
        lifetime_best_mile_s=min(lifetime, current_s) if lifetime is not None else None,
    )
    goal = Goal(
        type=request.goal_type,
        distance_m=request.goal_distance_m,
        time_s=goal_s,
        race_date=request.race_date,
        maintenance=maintenance,
    )
    paces = PlanPaces(
        goal_mile_speed_mps=goal_speed,
        current_mile_speed_mps=MILE_M / current_s,
        easy_speed_low_mps=easy_low,
        easy_speed_high_mps=easy_high,
        hr_max_bpm=hr_max,
        hr_max_source=hr_source,
    )
    return Profile(
        level=level,
        assessment=assessment,
        baseline=_baseline(request),
        goal=goal,
        goal_mile_s=goal_mile_s,
        intensities=intensities,
        paces=paces,
        notes=tuple(notes),
    )


def _inverse_goal(request: PlanRequest, goal_mile_s: float) -> float:
    """The time over the goal distance equivalent to ``goal_mile_s`` (Riegel 1981)."""
    from miler.science.equivalence import riegel_time

    return riegel_time(MILE_M, goal_mile_s, request.goal_distance_m)
