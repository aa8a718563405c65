"""Onboarding: who the runner is and what they have run, as the web app asks it.

:class:`RunnerInput` is what the onboarding form and ``POST /api/v1/assessment`` carry;
:func:`onboard` answers with the assess use case (age grades, bands, the one current mile
and how it was reached, "a good mile for me", the level), the predict use case (the
mile with its range and which results counted most, and why) and the paces use case.
The web app decides nothing itself: it gathers the runner's answers into the use cases'
inputs.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from miler.plan.request import RaceResult
from miler.services.assess import AssessReport, History
from miler.services.paces import PacesReport
from miler.services.predict import PredictionReport
from miler.units import MILE_M, parse_distance, parse_time

__all__ = ["Onboarding", "ResultInput", "RunnerInput", "onboard", "predict_mile"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResultInput(_Frozen):
    """One all-out result as a runner writes it: ``event`` ``5k``, ``mile``, ``800m``...;
    ``time`` ``20:00`` or ``4:59.8``; ``date`` when it was run (None: recent)."""

    event: str = Field(min_length=1, max_length=20, examples=["5k"])
    time: str = Field(min_length=1, max_length=20, examples=["20:00"])
    date: dt.date | None = None

    def race_result(self) -> RaceResult:
        """The result as the use cases take it (an all-out race); raises an
        ``InvalidInputError`` for an event or time that cannot be read."""
        return RaceResult(
            distance_m=parse_distance(self.event),
            time_s=parse_time(self.time),
            date=self.date,
            tag="race",
        )


class RunnerInput(_Frozen):
    """The runner's profile and results: an age or a birth date (the birth date wins).
    The four history fields give the level (all four or none)."""

    name: str = Field(default="", max_length=80, description="optional")
    age: int | None = Field(default=None, ge=5, le=100, description="age in years")
    birth_date: dt.date | None = Field(default=None, description="instead of the age")
    sex: Literal["M", "F"] | None = Field(default=None, description="None: both grades")
    units: Literal["km", "mi"] = Field(default="km", description="for distances and paces")
    results: tuple[ResultInput, ...] = Field(min_length=1, max_length=12)
    months_running: float | None = Field(default=None, ge=0, le=1200)
    runs_per_week: float | None = Field(default=None, ge=0, le=21)
    longest_run_min: float | None = Field(default=None, ge=0, le=1000)
    recent_intervals: bool | None = None

    @model_validator(mode="after")
    def _age_or_birth_date(self) -> RunnerInput:
        if self.age is None and self.birth_date is None:
            raise ValueError("give your age or your birth date: grades depend on it")
        return self

    def race_results(self) -> tuple[RaceResult, ...]:
        return tuple(r.race_result() for r in self.results)

    def age_on(self, today: dt.date) -> int:
        """Age in whole years on ``today``: from the birth date when given."""
        from miler.errors import InvalidInputError

        if self.birth_date is None:
            assert self.age is not None  # the validator asks for one of the two
            return self.age
        born = self.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if not 5 <= age <= 100:
            raise InvalidInputError(f"a birth date of {born} makes you {age}: miler grades 5-100")
        return age

    def birth_date_on(self, today: dt.date) -> dt.date:
        """The birth date to keep: the one given, or for an age alone the date that makes
        the runner that age today for the longest (their birthday today), so grades stay
        right for a year."""
        if self.birth_date is not None:
            return self.birth_date
        assert self.age is not None
        years = today.year - self.age
        try:
            return today.replace(year=years)
        except ValueError:  # 29 February in a year without one
            return today.replace(year=years, day=28)


class Onboarding(_Frozen):
    """The assessment (``miler assess``'s report), the predicted mile (``miler
    predict``'s) and the training paces (``miler paces``') of one runner."""

    assessment: AssessReport
    prediction: PredictionReport
    paces: PacesReport


def _history(runner: RunnerInput) -> History | None:
    from miler.errors import InvalidInputError

    answers = (
        runner.months_running,
        runner.runs_per_week,
        runner.longest_run_min,
        runner.recent_intervals,
    )
    if all(v is None for v in answers):
        return None
    if (
        runner.months_running is None
        or runner.runs_per_week is None
        or runner.longest_run_min is None
        or runner.recent_intervals is None
    ):
        raise InvalidInputError(
            "the level needs all four answers: months running, runs a week, longest run "
            "and recent interval work"
        )
    return History(
        months_running=runner.months_running,
        runs_per_week=runner.runs_per_week,
        longest_run_min=runner.longest_run_min,
        recent_intervals=runner.recent_intervals,
    )


def predict_mile(runner: RunnerInput) -> PredictionReport:
    """The mile predicted from every result (the predict use case, method ``auto``)."""
    from miler.services.predict import predict

    pairs = [(r.distance_m, r.time_s) for r in runner.race_results()]
    return predict(pairs, MILE_M, sex=runner.sex)


def onboard(runner: RunnerInput, today: dt.date) -> Onboarding:
    """The assessment and the predicted mile of ``runner`` as of ``today``.

    Raises an ``InvalidInputError`` (a ``MilerError``) for a result that cannot be read or
    graded, or an incomplete history."""
    from miler.services.assess import assess_runner
    from miler.services.paces import training_paces_report

    results = runner.race_results()
    assessment = assess_runner(
        results,
        ["auto"] * len(results),
        age=runner.age_on(today),
        sex=runner.sex,
        surface="auto",
        today=today,
        history=_history(runner),
    )
    return Onboarding(
        assessment=assessment,
        prediction=predict_mile(runner),
        paces=training_paces_report(results, today, sex=runner.sex),
    )
