"""Onboarding: who the runner is and what they have run, as the web app asks it.

The typed input (:class:`RunnerInput`) is what the onboarding form and ``POST
/api/v1/assessment`` both carry; :func:`assess_runner` answers with age grades, bands,
"a good mile for me", the level and the predicted mile with its range and why. Every
figure comes from the domain (:mod:`miler.science`); this module only gathers the
runner's answers into the calls and the calls' answers into one typed result.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.plan.request import RaceResult
from miler.units import MILE_M, event_name, format_time, parse_distance, parse_time

__all__ = [
    "Assessment",
    "GoodMile",
    "GradedResult",
    "LevelAnswer",
    "MilePrediction",
    "ResultInput",
    "RunnerInput",
    "assess_runner",
    "predict_mile",
]

#: The grades "a good mile for me" is shown at (R-F1.2): developing to world class.
GOOD_MILE_PERCENTS = (50, 60, 70, 80, 90)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResultInput(_Frozen):
    """One all-out result as a runner writes it: ``event`` ``5k``, ``mile``, ``800m``...;
    ``time`` ``20:00`` or ``4:59.8``; ``date`` when it was run (None: recent)."""

    event: str = Field(min_length=1, max_length=20, examples=["5k"])
    time: str = Field(min_length=1, max_length=20, examples=["20:00"])
    date: dt.date | None = None

    def metres_seconds(self) -> tuple[float, float]:
        """The result as (metres, seconds); raises an ``InvalidInputError`` it cannot read."""
        return parse_distance(self.event), parse_time(self.time)

    def race_result(self) -> RaceResult:
        """The result as the plan request records it (an all-out race)."""
        metres, seconds = self.metres_seconds()
        return RaceResult(distance_m=metres, time_s=seconds, date=self.date, tag="race")


class RunnerInput(_Frozen):
    """The runner's profile and results. The four history fields give the level (all four
    or none)."""

    age: int = Field(ge=5, le=100, description="age in years")
    sex: Literal["M", "F"] | None = Field(default=None, description="None: both grades")
    results: tuple[ResultInput, ...] = Field(min_length=1, max_length=12)
    months_running: float | None = Field(default=None, ge=0, le=1200)
    runs_per_week: float | None = Field(default=None, ge=0, le=21)
    longest_run_min: float | None = Field(default=None, ge=0, le=1000)
    recent_intervals: bool | None = None


class Grade(_Frozen):
    sex: Literal["M", "F"]
    percent: float
    band: str
    table: str
    age_graded_time_s: float


class GradedResult(_Frozen):
    event: str
    distance_m: float
    time_s: float
    time: str
    grades: tuple[Grade, ...]


class GoodMile(_Frozen):
    """The mile that scores ``percent`` for this runner's age, for each sex asked."""

    percent: int
    band: str
    times_s: dict[str, float]
    times: dict[str, str]


class LevelAnswer(_Frozen):
    level: str
    reasons: tuple[str, ...]


class MilePrediction(_Frozen):
    """The predicted mile with its range (meant to hold ``coverage`` of real outcomes) and
    what it rests on."""

    predicted_s: float
    predicted: str
    low_s: float
    high_s: float
    low: str
    high: str
    coverage: float
    method: str
    basis: str
    notes: tuple[str, ...]
    from_results: tuple[str, ...]


class Assessment(_Frozen):
    age: int
    sex: Literal["M", "F"] | None
    results: tuple[GradedResult, ...]
    good_miles: tuple[GoodMile, ...]
    level: LevelAnswer | None
    prediction: MilePrediction


def _sexes(sex: Literal["M", "F"] | None) -> tuple[Literal["M", "F"], ...]:
    return ("M", "F") if sex is None else (sex,)


def _graded(result: ResultInput, runner: RunnerInput) -> GradedResult:
    from miler.science.age_grading import age_grade

    metres, seconds = result.metres_seconds()
    grades = []
    for sex in _sexes(runner.sex):
        g = age_grade(seconds, metres, runner.age, sex)
        grades.append(
            Grade(
                sex=sex,
                percent=g.percent,
                band=g.band,
                table=g.table,
                age_graded_time_s=g.age_graded_time_s,
            )
        )
    return GradedResult(
        event=event_name(metres),
        distance_m=metres,
        time_s=seconds,
        time=format_time(seconds),
        grades=tuple(grades),
    )


def _good_miles(runner: RunnerInput) -> tuple[GoodMile, ...]:
    from miler.science.age_grading import grade_band, time_for_grade

    rows = []
    for percent in GOOD_MILE_PERCENTS:
        times: dict[str, float] = {
            s: time_for_grade(percent, MILE_M, runner.age, s, "track") for s in _sexes(runner.sex)
        }
        rows.append(
            GoodMile(
                percent=percent,
                band=grade_band(percent),
                times_s=times,
                times={s: format_time(t) for s, t in times.items()},
            )
        )
    return tuple(rows)


def _level(runner: RunnerInput) -> LevelAnswer | None:
    from miler.errors import InvalidInputError
    from miler.science.levels import explain_level

    history = (
        runner.months_running,
        runner.runs_per_week,
        runner.longest_run_min,
        runner.recent_intervals,
    )
    if all(v is None for v in history):
        return None
    if (
        runner.months_running is None
        or runner.runs_per_week is None
        or (runner.longest_run_min is None or runner.recent_intervals is None)
    ):
        raise InvalidInputError(
            "the level needs all four answers: months running, runs a week, longest run "
            "and recent interval work"
        )
    answer = explain_level(
        runner.months_running,
        runner.runs_per_week,
        runner.longest_run_min,
        runner.recent_intervals,
    )
    return LevelAnswer(level=answer.level.value, reasons=tuple(answer.reasons))


def predict_mile(runner: RunnerInput) -> MilePrediction:
    """The mile predicted from every result (``auto``: the method the CLI defaults to)."""
    from miler.science.predict import predict_time

    pairs = [r.metres_seconds() for r in runner.results]
    p = predict_time(pairs, MILE_M, "auto", sex=runner.sex)
    return MilePrediction(
        predicted_s=p.predicted_s,
        predicted=format_time(p.predicted_s),
        low_s=p.low_s,
        high_s=p.high_s,
        low=format_time(p.low_s),
        high=format_time(p.high_s),
        coverage=p.coverage,
        method=p.method,
        basis=p.basis,
        notes=p.notes,
        from_results=tuple(f"{event_name(m)} {format_time(s)}" for m, s in pairs),
    )


def assess_runner(runner: RunnerInput) -> Assessment:
    """Grades, bands, a good mile for this runner, the level and the predicted mile.

    Raises an ``InvalidInputError`` (a ``MilerError``) for a result that cannot be read or
    graded, or an incomplete history."""
    return Assessment(
        age=runner.age,
        sex=runner.sex,
        results=tuple(_graded(r, runner) for r in runner.results),
        good_miles=_good_miles(runner),
        level=_level(runner),
        prediction=predict_mile(runner),
    )
