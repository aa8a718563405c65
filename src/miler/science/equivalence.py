"""Race-time equivalence formulas: a result over one distance -> a time over another.

Every function takes and returns SI: distances in metres, times in seconds. Each formula
states its source and the units it was published in; conversions happen inside.
"""

from __future__ import annotations

import bisect
import csv
import io
import math
from functools import cache
from importlib import resources
from typing import Final

from miler.errors import OutOfRangeError
from miler.science.records import MAX_DISTANCE_M, MIN_DISTANCE_M, normalise_sex
from miler.science.vdot import time_for_vdot, vdot_from_performance
from miler.units import MILE_M, RIEGEL_EXPONENT, event_name, riegel_convert

__all__ = [
    "CAMERON_RANGE_M",
    "PURDY_CURVE_POINTS",
    "RIEGEL_EXPONENT",
    "VDOT_RANGE_M",
    "cameron_time",
    "graded_time",
    "open_standard_curve",
    "open_standard_s",
    "purdy_equivalent_time",
    "purdy_points",
    "purdy_standard_s",
    "purdy_time",
    "riegel_time",
    "vdot_equivalent_time",
]

CAMERON_RANGE_M: Final = (800.0, 42195.0)
"""Distances miler accepts for Cameron's formula (his fit is to records of middle and long
distances; below 800 m its curve is not meant to be used)."""

VDOT_RANGE_M: Final = (1500.0, 42195.0)
"""Distances covered by Daniels' VDOT tables (1500 m to the marathon)."""


def _check_positive(distance_m: float, time_s: float, target_m: float) -> None:
    if not (distance_m > 0 and time_s > 0 and target_m > 0):
        raise OutOfRangeError("distances and times must be more than zero")


def _check_range(method: str, distance_m: float, lo: float, hi: float) -> None:
    if not lo - 0.5 <= distance_m <= hi + 0.5:
        raise OutOfRangeError(
            f"{method} cannot be used for {event_name(distance_m)}: it covers "
            f"{event_name(lo)} to {event_name(hi)}; try --method riegel or auto"
        )


def riegel_time(
    distance_m: float, time_s: float, target_m: float, exponent: float = RIEGEL_EXPONENT
) -> float:
    """Riegel's power law: T2 = T1 · (D2 / D1) ^ exponent.

    Source: P. S. Riegel, "Athletic records and human endurance", American Scientist 69 (1981)
    285-290; exponent 1.06 for running. D1, D2 in any one unit (metres here), T1 and T2 in
    seconds. Check: 5 km in 20:00 gives a mile in 6:00.8.
    """
    _check_positive(distance_m, time_s, target_m)
    if not 0.8 <= exponent <= 1.5:
        raise OutOfRangeError(f"a Riegel exponent of {exponent:g} is implausible: use 0.8 to 1.5")
    return riegel_convert(time_s, distance_m, target_m, exponent)


def _cameron_factor(miles: float) -> float:
    return float(13.49681 - 0.048865 * miles + 2.438936 / miles**0.7905)


def cameron_time(distance_m: float, time_s: float, target_m: float) -> float:
    """Dave Cameron's equivalence (1997, fitted to world records; distances in miles).

    a = 13.49681 − 0.048865·d1 + 2.438936 / d1^0.7905, b the same with d2 (miles);
    T2 = (T1 / d1) · (a / b) · d2. Check: 5 km in 20:00 gives a mile in 5:48.6.
    Accepted between 800 m and the marathon (:data:`CAMERON_RANGE_M`).
    """
    _check_positive(distance_m, time_s, target_m)
    for d in (distance_m, target_m):
        _check_range("Cameron's formula", d, *CAMERON_RANGE_M)
    d1, d2 = distance_m / MILE_M, target_m / MILE_M
    return time_s / d1 * (_cameron_factor(d1) / _cameron_factor(d2)) * d2


# Purdy's (1974) least-squares running curve of the men's world records as of 1970,
# v in m/s, d in metres.
_PURDY_B: Final = (-11.15895, 4.304605, 0.5234627, 4.031560, 2.316157)
_PURDY_R: Final = (3.796158e-2, 1.646772e-3, 4.107670e-4, 7.068099e-6, 5.220990e-9)
PURDY_CURVE_POINTS: Final = 1035.0
"""Purdy points of a time on the 1970 world-record running curve (Purdy 1970: "world record
times in 1970 have about 1035 points"; the 1936 Portuguese-table standards have 950)."""


def purdy_standard_s(distance_m: float) -> float:
    """Time (s) over ``distance_m`` metres on Purdy's 1970 world-record running curve.

    Source: J. G. Purdy, "Least squares model for the running curve", Research Quarterly 45
    (1974) 224-238, used with the scoring of J. G. Purdy, "Computer generated track scoring
    tables", Medicine and Science in Sports 2 (1970) 152-161:
    v(d) = −11.15895·e^(−0.03796158·d) + 4.304605·e^(−0.001646772·d)
    + 0.5234627·e^(−0.0004107670·d) + 4.031560·e^(−7.068099e−6·d)
    + 2.316157·e^(−5.220990e−9·d), v in m/s, d in metres; time = d / v. It is worth
    :data:`PURDY_CURVE_POINTS` (1035). (The printed tables start from the 1936 Portuguese
    tables plus a start/curve allowance; the curve is the usual computable stand-in.)
    """
    v = sum(b * math.exp(-r * distance_m) for b, r in zip(_PURDY_B, _PURDY_R, strict=True))
    return distance_m / v


def _purdy_scale(distance_m: float) -> tuple[float, float]:
    standard = purdy_standard_s(distance_m)
    k = 0.0654 - 0.00258 * (distance_m / standard)
    a = 85.0 / k
    return a, 1.0 - PURDY_CURVE_POINTS / a


def purdy_points(distance_m: float, time_s: float) -> float:
    """Purdy points of ``time_s`` seconds over ``distance_m`` metres (Purdy 1970).

    P = A·(Ts / T − B) with k = 0.0654 − 0.00258·v, A = 85 / k, B = 1 − 1035 / A; Ts and v
    the time (s) and speed (m/s) of :func:`purdy_standard_s`. A 1970 world-record time scores
    about 1035 points; slower times score fewer.
    """
    if distance_m <= 0 or time_s <= 0:
        raise OutOfRangeError("distance and time must be more than zero for Purdy points")
    a, b = _purdy_scale(distance_m)
    return a * (purdy_standard_s(distance_m) / time_s - b)


def purdy_time(points: float, distance_m: float) -> float:
    """The time in seconds over ``distance_m`` metres worth ``points`` Purdy points.

    Inverse of :func:`purdy_points`: T = Ts / (P / A + B) (Purdy 1970).
    """
    a, b = _purdy_scale(distance_m)
    denominator = points / a + b
    if denominator <= 0:
        raise OutOfRangeError(
            f"{points:.0f} Purdy points is below what the scheme can express over "
            f"{event_name(distance_m)}"
        )
    return purdy_standard_s(distance_m) / denominator


def purdy_equivalent_time(distance_m: float, time_s: float, target_m: float) -> float:
    """The time over ``target_m`` metres with the same Purdy points as ``time_s`` over
    ``distance_m`` (Purdy 1970); metres and seconds."""
    _check_positive(distance_m, time_s, target_m)
    return purdy_time(purdy_points(distance_m, time_s), target_m)


def vdot_equivalent_time(distance_m: float, time_s: float, target_m: float) -> float:
    """The time over ``target_m`` metres at the same VDOT as ``time_s`` over ``distance_m``.

    Daniels & Gilbert 1979 (see :mod:`miler.science.vdot`); metres and seconds. Daniels'
    tables cover 1500 m to the marathon (:data:`VDOT_RANGE_M`); outside it -> OutOfRangeError.
    Check: 10 km in 40:00 is VDOT 51.9; VDOT 50 runs 5 km in 19:57 and a mile in 5:29.
    """
    _check_positive(distance_m, time_s, target_m)
    for d in (distance_m, target_m):
        _check_range("VDOT (Daniels' tables)", d, *VDOT_RANGE_M)
    return time_for_vdot(vdot_from_performance(distance_m, time_s), target_m)


@cache
def _standards(sex: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    text = resources.files("miler.data.records").joinpath("open_standards.csv").read_text("utf-8")
    pairs = sorted(
        (math.log(float(row["distance_m"])), math.log(float(row["standard_s"])))
        for row in csv.DictReader(io.StringIO(text))
        if row["sex"] == sex
    )
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def open_standard_curve(sex: str | None = None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(ln metres, ln seconds) of every listed open standard for ``sex`` (men's if ``None``),
    sorted by distance: the knots :func:`open_standard_s` interpolates between."""
    return _standards(normalise_sex(sex) or "M")


def open_standard_s(distance_m: float, sex: str | None = None) -> float:
    """The open-class (peak-age, age grade 100 %) standard in seconds over ``distance_m``.

    Source: WMA 2023 standards (as built by athlib from Alan Jones' tables): track 400 m to
    10 000 m, road 15 km to the marathon; interpolated linearly in log-distance/log-time
    between listed distances. ``sex`` ``'M'``/``'F'``; ``None`` uses the men's table.
    """
    xs, ys = _standards(normalise_sex(sex) or "M")
    x = math.log(distance_m)
    if not xs[0] - 1e-9 <= x <= xs[-1] + 1e-9:
        raise OutOfRangeError(
            f"no open standard for {event_name(distance_m)}: standards cover "
            f"{event_name(MIN_DISTANCE_M)} to the marathon"
        )
    i = min(max(bisect.bisect_left(xs, x), 1), len(xs) - 1)
    frac = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
    return math.exp(ys[i - 1] + frac * (ys[i] - ys[i - 1]))


def graded_time(distance_m: float, time_s: float, target_m: float, sex: str | None = None) -> float:
    """The time over ``target_m`` at the same open-class grade as ``time_s`` over ``distance_m``.

    Equal grade: T2 = T1 · S(D2) / S(D1), S the WMA 2023 open standards
    (:func:`open_standard_s`); metres and seconds. This is the equivalence the age-grading
    tables imply at peak age; it matches elite runners best.
    """
    _check_positive(distance_m, time_s, target_m)
    for d in (distance_m, target_m):
        _check_range("the open standards", d, MIN_DISTANCE_M, MAX_DISTANCE_M)
    return time_s * open_standard_s(target_m, sex) / open_standard_s(distance_m, sex)
