"""The predict use case: a race time from a runner's other results, or for a whole squad.

:func:`predict` gives one runner's prediction with its range and, result by result, how much
each counted and why (:class:`CountedResult`). :func:`predict_squad` predicts every athlete
of a table of results. Both return frozen pydantic models whose ``model_dump(mode="json")``
is what ``miler predict --json`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.science.predict import Prediction, predict_time
from miler.units import RIEGEL_EXPONENT, event_name, format_time

__all__ = [
    "CountedResult",
    "PredictionReport",
    "ResultInput",
    "SkippedRow",
    "SquadPrediction",
    "SquadReport",
    "predict",
    "predict_squad",
]


class ResultInput(BaseModel):
    """One result given: its event name, metres and seconds."""

    model_config = ConfigDict(frozen=True)

    event: str
    distance_m: float
    time_s: float


class CountedResult(BaseModel):
    """How much one result counted in the prediction, and why.

    ``weight``: its share of the prediction (the weights sum to about 1); ``grade``: its
    open-class grade in percent; ``trust``: 1 when it agrees with the other results, towards
    0 when it is out of line with them (``auto``); ``reason``: why, in words.
    """

    model_config = ConfigDict(frozen=True)

    event: str
    time: str
    weight: float
    grade_percent: float
    trust: float
    reason: str


class PredictionReport(BaseModel):
    """One runner's prediction over ``target`` (``target_m`` metres), in seconds and as
    text, with its ~80 % range (``coverage``), the method and what it rested on (``basis``),
    the results given (``inputs``), how much each counted (``counted``, most weight first)
    and notes (e.g. bounded by the world record). ``estimated`` is always true."""

    model_config = ConfigDict(frozen=True)

    target: str
    target_m: float
    predicted_s: float
    predicted: str
    low_s: float
    high_s: float
    low: str
    high: str
    coverage: float
    method: str
    basis: str
    sex: Literal["M", "F"] | None
    inputs: tuple[ResultInput, ...]
    counted: tuple[CountedResult, ...]
    notes: tuple[str, ...]
    estimated: Literal[True] = True


def predict(
    results: Sequence[tuple[float, float]],
    target_m: float,
    *,
    method: str = "auto",
    exponent: float = RIEGEL_EXPONENT,
    sex: str | None = None,
) -> PredictionReport:
    """Predict ``target_m`` metres from ``results`` ((metres, seconds) all-out efforts) with
    :func:`miler.science.predict.predict_time`, and say which results counted most and why.

    Raises :class:`~miler.errors.MilerError` subclasses for input the science rejects."""
    return _report(predict_time(results, target_m, method, exponent=exponent, sex=sex))


def _report(p: Prediction) -> PredictionReport:
    counted = sorted(p.contributions, key=lambda c: -abs(c.weight))
    return PredictionReport(
        target=event_name(p.target_m),
        target_m=p.target_m,
        predicted_s=round(p.predicted_s, 2),
        predicted=format_time(p.predicted_s),
        low_s=round(p.low_s, 2),
        high_s=round(p.high_s, 2),
        low=format_time(p.low_s),
        high=format_time(p.high_s),
        coverage=p.coverage,
        method=p.method,
        basis=p.basis,
        sex="M" if p.sex == "M" else "F" if p.sex == "F" else None,
        inputs=tuple(ResultInput(event=event_name(d), distance_m=d, time_s=t) for d, t in p.inputs),
        counted=tuple(
            CountedResult(
                event=event_name(c.distance_m),
                time=format_time(c.time_s),
                weight=round(c.weight, 3),
                grade_percent=round(100 * c.grade, 1),
                trust=round(c.trust, 2),
                reason=c.reason,
            )
            for c in counted
        ),
        notes=p.notes,
    )


class SkippedRow(BaseModel):
    """A row of the squad's table that was left out: its line in the file (header = 1)."""

    model_config = ConfigDict(frozen=True)

    row: int
    athlete_id: str
    message: str


class SquadPrediction(BaseModel):
    """One athlete's prediction in a squad, seconds."""

    model_config = ConfigDict(frozen=True)

    athlete_id: str
    predicted_s: float
    low_s: float
    high_s: float


class SquadReport(BaseModel):
    """Predictions for a squad: the summary ``--json`` prints (target, method, number of
    athletes, rows skipped and why, where the table went: ``out``), and the per-athlete
    ``predictions`` (not printed: they go to the output table)."""

    model_config = ConfigDict(frozen=True)

    target: str
    target_m: float
    method: str
    athletes: int
    rows_skipped: int
    errors: tuple[SkippedRow, ...]
    out: str | None
    predictions: tuple[SquadPrediction, ...] = Field(exclude=True)


def predict_squad(
    athlete_ids: Sequence[str],
    distances_m: Sequence[float],
    times_s: Sequence[float],
    target_m: float,
    *,
    method: str = "auto",
    exponent: float = RIEGEL_EXPONENT,
    sex: str | Sequence[str | None] | None = None,
    unreadable: dict[int, str] | None = None,
    first_line: int = 2,
    out: str | None = None,
) -> SquadReport:
    """Predict ``target_m`` for every athlete of a table (one row per result), vectorised
    (:func:`miler.science.batch.predict_batch`).

    ``unreadable``: rows (0-based) the caller could not parse, with the reason (their
    distance or time should be NaN); ``first_line``: the file line of row 0 (the header is
    line 1), for the messages; ``out``: where the caller writes the table (echoed)."""
    from miler.science.batch import predict_batch

    result = predict_batch(
        list(athlete_ids), list(distances_m), list(times_s), target_m, method,
        exponent=exponent, sex=sex,
    )  # fmt: skip
    messages = {e.row: e.message for e in result.errors}
    messages.update(unreadable or {})
    errors = tuple(
        SkippedRow(row=row + first_line, athlete_id=athlete_ids[row], message=messages[row])
        for row in sorted(messages)
    )
    predictions = tuple(
        SquadPrediction(
            athlete_id=athlete,
            predicted_s=float(result.predicted_s[k]),
            low_s=float(result.low_s[k]),
            high_s=float(result.high_s[k]),
        )
        for k, athlete in enumerate(result.athlete_ids)
    )
    return SquadReport(
        target=event_name(target_m),
        target_m=target_m,
        method=result.method,
        athletes=len(predictions),
        rows_skipped=len(errors),
        errors=errors,
        out=out,
        predictions=predictions,
    )
