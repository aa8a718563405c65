"""Use case: assess a runner (R-G1, R-G2, R-G3, R-F1, R-F3).

Age-grades every result (WMA 2023 track tables for track events, USATF-MLDR 2025 road tables
for road events), gives each result's mile and the runner's current mile by the one
current-mile rule (:mod:`miler.science.current`, the same figure ``paces``, ``predict`` and
``plan`` show), "what is a good mile for me" at 50-90 % grade, and the level (R-G1) when the
history is given. A longer race is never a mile PR (R-F3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from miler.errors import InvalidInputError
from miler.plan.request import RaceResult
from miler.science.age_grading import AgeGrade
from miler.science.current import as_mile, current_mile
from miler.services.current import CurrentMileReport, report_of
from miler.units import MILE_M, event_name, format_time

__all__ = ["AssessReport", "History", "assess_runner"]

GOOD_PERCENTS: Final = (50, 60, 70, 80, 90)
"""The grades "a good mile for me" is shown at (R-G2 bands)."""
MAX_PLAUSIBLE_GRADE: Final = 110.0
"""A grade above this is a typo in the age or the time, not a performance: the best age-group
records sit within a few percent of 100 % by the tables' construction."""


@dataclass(frozen=True)
class History:
    """The R-G1 questions: months of running, runs a week, longest run, intervals done."""

    months_running: float
    runs_per_week: float
    longest_run_min: float
    recent_intervals: bool


class MileOfResult(BaseModel):
    """The mile a result stands for: run, converted (R-G3) or estimated (R-G4)."""

    model_config = ConfigDict(frozen=True)

    time_s: float
    kind: Literal["mile", "converted", "estimated"]
    method: str


class GradedResult(BaseModel):
    """One result with its grades (by sex) and its mile."""

    model_config = ConfigDict(frozen=True)

    event: str
    distance_m: float
    time_s: float
    time: str
    date: dt.date | None
    grades: dict[str, AgeGrade]
    mile: MileOfResult


class OwnBestMile(BaseModel):
    """The runner's current mile, graded."""

    model_config = ConfigDict(frozen=True)

    time_s: float
    time: str
    kind: str
    from_event: str
    grades: dict[str, AgeGrade]


class GoodMile(BaseModel):
    """The mile time at one grade."""

    model_config = ConfigDict(frozen=True)

    percent: int
    time_s: float
    time: str
    band: str


class LevelReport(BaseModel):
    """The runner's level (R-G1) and why."""

    model_config = ConfigDict(frozen=True)

    level: str
    reasons: tuple[str, ...]


class Band(BaseModel):
    """A grade band (R-G2)."""

    model_config = ConfigDict(frozen=True)

    min_percent: float
    band: str


class AssessReport(BaseModel):
    """What ``miler assess`` shows; ``--json`` prints ``model_dump(mode="json")``."""

    model_config = ConfigDict(frozen=True)

    age: float
    sex: str | None
    surface: str
    results: tuple[GradedResult, ...]
    own_best_mile: OwnBestMile | None
    current_mile: CurrentMileReport | None
    mile_pr_s: float | None
    good_mile_times: dict[str, tuple[GoodMile, ...]]
    level: LevelReport | None
    bands: tuple[Band, ...]


def _grades(
    time_s: float, distance_m: float, age: float, sex: str | None, surface: str
) -> dict[str, AgeGrade]:
    from miler.science.age_grading import age_grade, age_grade_both_sexes

    grades: dict[str, AgeGrade]
    if sex is None:
        grades = {
            str(k): v for k, v in age_grade_both_sexes(time_s, distance_m, age, surface).items()
        }
    else:
        grade = age_grade(time_s, distance_m, age, sex, surface)
        grades = {grade.sex: grade}
    for grade in grades.values():
        if grade.percent > MAX_PLAUSIBLE_GRADE:
            raise InvalidInputError(
                f"{event_name(distance_m)} {format_time(time_s)} at age {age:g} grades "
                f"{grade.percent:.0f} %, far beyond the world standard for that age "
                f"({format_time(grade.age_standard_s)}): check the age and the time"
            )
    return grades


def _mile_of(result: RaceResult, today: dt.date, sex: str | None) -> MileOfResult:
    converted = as_mile(result.distance_m, result.time_s)
    if converted is not None:
        time_s, how = converted
        kind: Literal["mile", "converted"] = "mile" if how == "an all-out mile" else "converted"
        return MileOfResult(time_s=time_s, kind=kind, method=how)
    single = current_mile((result,), today, sex=sex)
    return MileOfResult(
        time_s=single.time_s,
        kind="estimated",
        method=f"estimated by {single.method} (R-G4); not a mile result (R-F3.2)",
    )


def assess_runner(
    results: Sequence[RaceResult],
    surfaces: Sequence[str],
    *,
    age: float | None,
    sex: str | None,
    surface: str,
    today: dt.date,
    history: History | None = None,
) -> AssessReport:
    """Grade ``results`` (each on the table of ``surfaces[i]``: track, road or auto), give
    the current mile, good mile times for ``age`` and ``sex`` (both sexes when None) and the
    level from ``history``."""
    from miler.science.age_grading import BANDS, grade_band, normalise_sex, time_for_grade
    from miler.science.levels import explain_level

    if age is None:
        raise InvalidInputError("give --age (years on race day): grades depend on it")
    sex = None if sex is None else normalise_sex(sex)
    sexes = [sex] if sex is not None else ["M", "F"]
    graded = tuple(
        GradedResult(
            event=event_name(r.distance_m),
            distance_m=r.distance_m,
            time_s=r.time_s,
            time=format_time(r.time_s),
            date=r.date,
            grades=_grades(r.time_s, r.distance_m, age, sex, where),
            mile=_mile_of(r, today, sex),
        )
        for r, where in zip(results, surfaces, strict=True)
    )
    mile_surface = "track" if surface == "auto" else surface
    own_best = current = None
    if results:
        decided = current_mile(results, today, sex=sex)
        current = report_of(decided)
        own_best = OwnBestMile(
            time_s=decided.time_s,
            time=format_time(decided.time_s),
            kind=decided.kind,
            from_event=", ".join(decided.used),
            grades=_grades(decided.time_s, MILE_M, age, sex, mile_surface),
        )
    good = {
        s: tuple(
            GoodMile(
                percent=p,
                time_s=(t := time_for_grade(p, MILE_M, age, s, mile_surface)),
                time=format_time(t),
                band=grade_band(p),
            )
            for p in GOOD_PERCENTS
        )
        for s in sexes
    }
    level = None
    if history is not None:
        explained = explain_level(
            history.months_running,
            history.runs_per_week,
            history.longest_run_min,
            history.recent_intervals,
        )
        level = LevelReport(level=explained.level.value, reasons=tuple(explained.reasons))
    real = [r.mile.time_s for r in graded if r.mile.kind != "estimated"]
    return AssessReport(
        age=age,
        sex=sex,
        surface=surface,
        results=graded,
        own_best_mile=own_best,
        current_mile=current,
        mile_pr_s=min(real, default=None),
        good_mile_times=good,
        level=level,
        bands=tuple(Band(min_percent=lo, band=name) for lo, name in BANDS),
    )
