"""World records shipped with miler: the fastest a distance has been run.

Source: World Athletics records list (records up to early 2025), as saved by the Finger Lakes
Runners Club AgeGradeCalculator project (MIT); see ``miler/data/records/NOTICE.md``.
Distances in metres, times in seconds. Between record distances the record curve is
interpolated linearly in log-distance / log-time, which is how record times scale
(Riegel 1981, Kennelly 1906).
"""

from __future__ import annotations

import bisect
import csv
import io
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from miler.errors import InvalidInputError, OutOfRangeError
from miler.units import event_name, format_time

__all__ = [
    "MAX_DISTANCE_M",
    "MIN_DISTANCE_M",
    "WorldRecord",
    "check_not_faster_than_record",
    "normalise_sex",
    "record_curve",
    "world_record_s",
    "world_records",
]

MIN_DISTANCE_M: Final = 400.0
"""Shortest distance miler predicts from or to (400 m)."""
MAX_DISTANCE_M: Final = 42195.0
"""Longest distance miler predicts from or to (the marathon)."""


@dataclass(frozen=True, slots=True)
class WorldRecord:
    """One world record: ``sex`` ``'M'``/``'F'``, ``distance_m`` metres, ``time_s`` seconds."""

    sex: str
    distance_m: float
    time_s: float
    discipline: str
    athlete: str
    date: str


def normalise_sex(sex: str | None) -> str | None:
    """``'M'``, ``'F'`` or ``None`` from what a user typed (``m``, ``male``, ``W``...)."""
    if sex is None:
        return None
    key = sex.strip().lower()
    if key in ("m", "male", "man", "men"):
        return "M"
    if key in ("f", "w", "female", "woman", "women"):
        return "F"
    raise InvalidInputError(f"unknown sex {sex!r}: use M or F")


@cache
def world_records() -> tuple[WorldRecord, ...]:
    """Every shipped record, sorted by sex then distance."""
    text = resources.files("miler.data.records").joinpath("world_records.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    records = [
        WorldRecord(
            sex=row["sex"],
            distance_m=float(row["distance_m"]),
            time_s=float(row["time_s"]),
            discipline=row["discipline"],
            athlete=row["athlete"],
            date=row["date"],
        )
        for row in rows
    ]
    return tuple(sorted(records, key=lambda r: (r.sex, r.distance_m)))


@cache
def _curve(sex: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    pairs = [(math.log(r.distance_m), math.log(r.time_s)) for r in world_records() if r.sex == sex]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


@cache
def _exact(sex: str) -> tuple[float, ...]:
    return tuple(r.time_s for r in world_records() if r.sex == sex)


def record_curve(sex: str | None = None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(ln metres, ln seconds) of every world record for ``sex`` (men's if ``None``), sorted by
    distance: the knots :func:`world_record_s` interpolates between."""
    return _curve(normalise_sex(sex) or "M")


def world_record_s(distance_m: float, sex: str | None = None) -> float:
    """The world record (or the record curve between record distances) in seconds.

    ``sex`` ``'M'``/``'F'``; ``None`` uses the men's records, the faster bound. Between two
    record distances the time is interpolated linearly in log-log space.
    """
    key = normalise_sex(sex) or "M"
    xs, ys = _curve(key)
    x = math.log(distance_m)
    if not xs[0] <= x <= xs[-1]:
        raise OutOfRangeError(
            f"no world record to compare {distance_m:g} m with: records cover "
            f"{math.exp(xs[0]):g} m to {math.exp(xs[-1]) / 1000:g} km"
        )
    i = bisect.bisect_left(xs, x)
    if math.isclose(xs[i], x, rel_tol=0.0, abs_tol=1e-9):
        return _exact(key)[i]
    frac = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
    return math.exp(ys[i - 1] + frac * (ys[i] - ys[i - 1]))


def check_not_faster_than_record(distance_m: float, time_s: float, sex: str | None = None) -> None:
    """Raise :class:`OutOfRangeError` if ``time_s`` over ``distance_m`` beats the world record.

    With ``sex`` unknown the men's record is used, so only impossible results are rejected.
    """
    record = world_record_s(distance_m, sex)
    if time_s < record:
        who = {"M": "men's", "F": "women's"}.get(normalise_sex(sex) or "M", "men's")
        raise OutOfRangeError(
            f"{event_name(distance_m)} in {format_time(time_s, 2)} is faster than the {who} "
            f"world record ({format_time(record, 2)}); check the time and the distance"
        )
