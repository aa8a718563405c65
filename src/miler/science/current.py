"""A runner's current mile: the one answer every command gives (R-G3, R-G4, R-F3).

Every front end (assess, paces, predict, plan, adapt, the training log, the web app) asks
"what is this runner's mile now?" and gets it from :func:`current_mile`, with how it was
reached. The rules, in order:

1. A result dated after ``today`` is refused: it cannot be a result yet (a typo in the date).
2. Only all-out efforts count (tag ``race`` or ``time_trial``, R-F3.1). Mile pace inside a
   workout or a training run is never a mile result (R-F3.2); a treadmill run counts only at
   ≥1 % incline within 2.92-5.0 m/s (R-G21, Jones & Doust 1996). Each result left out is
   listed with the reason.
3. R-G3: the best all-out mile of the last 12 months, with 1600 m converted by distance
   (×1609.344/1600) and 1500 m by Riegel 1981 (exponent 1.06). Undated results count as
   recent.
4. No mile on record: an estimate from every all-out result of the last 12 months up to 10 km
   (R-G3, R-G4), combined by the prediction engine's ``auto`` method (inverse-variance weights,
   so the nearest distance counts most and one odd result cannot set the mile on its own: a
   400 m sprint beside a 5 km does not make the runner's easy pace faster than their 5 km
   race pace). The result carries ``auto``'s ~80 % range.
5. Nothing recent: the most recent all-out result up to 10 km, labelled as older than 12
   months so the runner knows to retest.

The lifetime best mile is kept as history only (R-G3).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, Protocol

from miler.errors import InvalidInputError
from miler.units import (
    MILE_M,
    event_name,
    format_time,
    mile_from_1500,
    mile_from_1600,
    treadmill_mile_counts,
)

__all__ = ["CurrentMile", "LeftOut", "ResultLike", "as_mile", "counts_on_treadmill", "current_mile"]

ALL_OUT_TAGS: Final = ("race", "time_trial")
"""Tags of all-out efforts (R-F3.1)."""
RECENT: Final = dt.timedelta(days=365)
"""R-G3: the last 12 months."""
MAX_ESTIMATE_M: Final = 10000.0
"""R-G3: a mile is estimated only from races of 10 km or less."""


class ResultLike(Protocol):
    """A result as the plan request and the training log hold it."""

    @property
    def distance_m(self) -> float: ...
    @property
    def time_s(self) -> float: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def tag(self) -> str: ...
    @property
    def treadmill_incline_pct(self) -> float | None: ...


@dataclass(frozen=True)
class LeftOut:
    """A result that did not count, and why."""

    result: str
    reason: str


@dataclass(frozen=True)
class CurrentMile:
    """The current mile and how it was reached.

    ``kind``: ``mile`` (an all-out mile), ``converted`` (1600 m or 1500 m, R-G3) or
    ``estimated`` (from other distances, R-G4). ``source`` says it in words; ``used`` names the
    results it came from; ``left_out`` the results that did not count and why; ``low_s`` and
    ``high_s`` the ~80 % range of an estimate (equal to ``time_s`` for a mile run);
    ``stale``: nothing from the last 12 months was available.
    """

    time_s: float
    kind: Literal["mile", "converted", "estimated"]
    source: str
    low_s: float
    high_s: float
    used: tuple[str, ...]
    left_out: tuple[LeftOut, ...] = ()
    lifetime_best_s: float | None = None
    stale: bool = False
    method: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def estimated(self) -> bool:
        """True unless a mile (or 1600/1500 m) was run all-out."""
        return self.kind == "estimated"


def counts_on_treadmill(result: ResultLike) -> bool:
    """R-G21: a treadmill run counts only at ≥1 % incline within 2.92-5.0 m/s."""
    if result.treadmill_incline_pct is None:
        return True
    return treadmill_mile_counts(result.distance_m / result.time_s, result.treadmill_incline_pct)


def as_mile(distance_m: float, time_s: float) -> tuple[float, str] | None:
    """A mile time for a mile, 1600 m or 1500 m result (R-G3) with how it was converted,
    else None: 1600 m × 1609.344/1600; 1500 m by Riegel 1981, T2 = T1·(D2/D1)^1.06."""
    if math.isclose(distance_m, MILE_M, abs_tol=0.5):
        return time_s, "an all-out mile"
    if math.isclose(distance_m, 1600.0, abs_tol=0.5):
        return mile_from_1600(time_s), "1600 m × 1609.344/1600 (R-G3)"
    if math.isclose(distance_m, 1500.0, abs_tol=0.5):
        return mile_from_1500(time_s), "1500 m by Riegel 1981, exponent 1.06 (R-G3)"
    return None


def _label(result: ResultLike) -> str:
    when = f" on {result.date.isoformat()}" if result.date is not None else ""
    return f"{event_name(result.distance_m)} {format_time(result.time_s)}{when}"


def current_mile(
    results: Sequence[ResultLike],
    today: dt.date,
    *,
    sex: str | None = None,
) -> CurrentMile:
    """The runner's current mile from all their results (see the module docstring).

    Raises :class:`~miler.errors.InvalidInputError` for a result dated after ``today`` or when
    no all-out result can give a mile (say which result would).
    """
    from miler.science.predict import predict_time

    left_out: list[LeftOut] = []
    all_out: list[ResultLike] = []
    for result in results:
        if result.date is not None and result.date > today:
            raise InvalidInputError(
                f"the result {_label(result)} is dated after today ({today.isoformat()}): "
                "give the date it was run (EVENT=TIME@YYYY-MM-DD)"
            )
        if result.tag not in ALL_OUT_TAGS:
            left_out.append(
                LeftOut(_label(result), f"a {result.tag.replace('_', ' ')}, not all-out (R-F3.2)")
            )
        elif not counts_on_treadmill(result):
            left_out.append(
                LeftOut(
                    _label(result), "treadmill below 1 % incline or outside 2.92-5.0 m/s (R-G21)"
                )
            )
        else:
            all_out.append(result)
    if not all_out:
        raise InvalidInputError(
            "no all-out result to take a current mile from: give a race or time trial, "
            "e.g. --result mile=6:10 or --result 5k=22:30"
        )

    def recent(r: ResultLike) -> bool:
        return r.date is None or today - r.date <= RECENT

    miles: list[tuple[float, str, ResultLike]] = []
    for r in all_out:
        converted = as_mile(r.distance_m, r.time_s)
        if converted is not None:
            miles.append((converted[0], converted[1], r))
    lifetime = min((m for m, _, _ in miles), default=None)
    recent_miles = [(m, how, r) for m, how, r in miles if recent(r)]
    for _, _, r in miles:
        if not recent(r):
            left_out.append(LeftOut(_label(r), "older than 12 months: history only (R-G3)"))
    if recent_miles:
        best, how, result = min(recent_miles, key=lambda p: p[0])
        kind: Literal["mile", "converted"] = "mile" if how == "an all-out mile" else "converted"
        for m, _, r in recent_miles:
            if r is not result:
                left_out.append(LeftOut(_label(r), f"slower than the best mile ({format_time(m)})"))
        others = [r for r in all_out if as_mile(r.distance_m, r.time_s) is None]
        left_out.extend(
            LeftOut(_label(r), "a mile result of the last 12 months comes first (R-G3)")
            for r in others
        )
        return CurrentMile(
            time_s=best,
            kind=kind,
            source=_label(result) if kind == "mile" else f"{_label(result)} ({how})",
            low_s=best,
            high_s=best,
            used=(_label(result),),
            left_out=tuple(left_out),
            lifetime_best_s=lifetime,
            method="best all-out mile of the last 12 months (R-G3)",
        )
    pool = [r for r in all_out if recent(r) and r.distance_m <= MAX_ESTIMATE_M + 1e-6]
    stale = False
    if not pool:
        older = sorted(
            (r for r in all_out if r.distance_m <= MAX_ESTIMATE_M + 1e-6),
            key=lambda r: r.date or today,
        )
        if not older:
            raise InvalidInputError(
                "no race of 10 km or less to estimate a mile from (R-G3): give a mile, "
                "1500 m, 1600 m, 5 km or 10 km result"
            )
        pool = older[-1:]
        stale = True
    for r in all_out:
        if r not in pool and as_mile(r.distance_m, r.time_s) is None:
            reason = (
                "longer than 10 km (R-G3)"
                if r.distance_m > MAX_ESTIMATE_M + 1e-6
                else "older than 12 months (R-G3)"
            )
            left_out.append(LeftOut(_label(r), reason))
    prediction = predict_time([(r.distance_m, r.time_s) for r in pool], MILE_M, sex=sex)
    labels = tuple(_label(r) for r in pool)
    age_note = ", older than 12 months: retest with a time trial" if stale else ""
    source = f"estimated from {', '.join(labels)} ({prediction.method} prediction, R-G4{age_note})"
    return CurrentMile(
        time_s=prediction.predicted_s,
        kind="estimated",
        source=source,
        low_s=prediction.low_s,
        high_s=prediction.high_s,
        used=labels,
        left_out=tuple(left_out),
        lifetime_best_s=lifetime,
        stale=stale,
        method=f"{prediction.method}: {prediction.basis}",
        notes=prediction.notes,
    )
