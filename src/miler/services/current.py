"""The current mile as every front end shows it: :func:`miler.science.current.current_mile`
with its explanation, as a typed, JSON-ready result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from miler.science.current import CurrentMile, ResultLike, current_mile
from miler.units import format_time

__all__ = ["CurrentMileReport", "LeftOutResult", "current_mile_report", "report_of"]


class LeftOutResult(BaseModel):
    """A result that did not count toward the current mile, and why."""

    model_config = ConfigDict(frozen=True)

    result: str
    reason: str


class CurrentMileReport(BaseModel):
    """The runner's current mile (R-G3, R-G4) and how it was reached."""

    model_config = ConfigDict(frozen=True)

    time_s: float
    time: str
    kind: str
    estimated: bool
    low_s: float
    high_s: float
    source: str
    method: str
    used: tuple[str, ...]
    left_out: tuple[LeftOutResult, ...]
    lifetime_best_s: float | None
    stale: bool


def report_of(current: CurrentMile) -> CurrentMileReport:
    """The typed report of a decided current mile."""
    return CurrentMileReport(
        time_s=current.time_s,
        time=format_time(current.time_s),
        kind=current.kind,
        estimated=current.estimated,
        low_s=current.low_s,
        high_s=current.high_s,
        source=current.source,
        method=current.method,
        used=current.used,
        left_out=tuple(LeftOutResult(result=x.result, reason=x.reason) for x in current.left_out),
        lifetime_best_s=current.lifetime_best_s,
        stale=current.stale,
    )


def current_mile_report(
    results: Sequence[ResultLike], today: dt.date, *, sex: str | None = None
) -> CurrentMileReport:
    """Decide the current mile from all ``results`` and say how."""
    return report_of(current_mile(results, today, sex=sex))
