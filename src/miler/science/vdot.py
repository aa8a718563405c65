"""Daniels–Gilbert oxygen-cost and drop-dead equations (VDOT).

Source: J. Daniels & J. Gilbert, *Oxygen Power: Performance Tables for Distance
Runners* (1979); the same equations are printed in Daniels' *Running Formula*.
Speeds are in metres per minute and durations in minutes *inside the formulas*, as
published; the functions here take and return SI (metres, seconds, m/s).
"""

from __future__ import annotations

import math
from typing import Final

from miler.errors import OutOfRangeError

__all__ = [
    "fraction_of_vo2max",
    "speed_at_vo2",
    "time_for_vdot",
    "vdot_from_performance",
    "vo2_at_speed",
]

# Oxygen cost of running: VO2 = A + B*v + C*v^2 (ml/kg/min, v in m/min).
_A: Final = -4.60
_B: Final = 0.182258
_C: Final = 0.000104


def vo2_at_speed(speed_mps: float) -> float:
    """Oxygen cost of running at ``speed_mps`` m/s, in ml/kg/min.

    Daniels & Gilbert 1979: VO2 = -4.60 + 0.182258·v + 0.000104·v², v in m/min.
    """
    v = speed_mps * 60.0
    return _A + _B * v + _C * v * v


def speed_at_vo2(vo2: float) -> float:
    """Running speed in m/s whose oxygen cost (Daniels & Gilbert 1979) is ``vo2`` ml/kg/min.

    The positive root of 0.000104·v² + 0.182258·v − (4.60 + VO2) = 0, v in m/min.
    """
    disc = _B * _B + 4.0 * _C * (vo2 - _A)
    if vo2 <= 0 or disc < 0:
        raise OutOfRangeError(f"an oxygen uptake of {vo2:g} ml/kg/min is not a running speed")
    return (-_B + math.sqrt(disc)) / (2.0 * _C) / 60.0


def fraction_of_vo2max(duration_s: float) -> float:
    """Fraction of VO2max that can be sustained for ``duration_s`` seconds.

    Daniels & Gilbert 1979 "drop-dead" curve:
    %max = 0.8 + 0.1894393·e^(−0.012778·t) + 0.2989558·e^(−0.1932605·t), t in minutes.
    """
    t = duration_s / 60.0
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t) + 0.2989558 * math.exp(-0.1932605 * t)


def vdot_from_performance(distance_m: float, time_s: float) -> float:
    """VDOT (ml/kg/min) of an all-out race of ``distance_m`` metres in ``time_s`` seconds.

    Daniels & Gilbert 1979: VDOT = VO2(v) / %max(t). Published check: 10 km in 40:00
    gives VDOT ≈ 51.9.
    """
    if distance_m <= 0 or time_s <= 0:
        raise OutOfRangeError("distance and time must both be positive to compute VDOT")
    return vo2_at_speed(distance_m / time_s) / fraction_of_vo2max(time_s)


def time_for_vdot(vdot: float, distance_m: float) -> float:
    """Race time in seconds over ``distance_m`` metres for a runner of the given VDOT.

    Solves VO2(d/t)/%max(t) = VDOT for t (Daniels & Gilbert 1979) by bisection on
    log-time; the left side falls monotonically as t grows.
    """
    if vdot <= 0 or distance_m <= 0:
        raise OutOfRangeError("VDOT and distance must both be positive")
    lo, hi = math.log(distance_m / 12.0), math.log(distance_m / 0.5)  # 12 m/s .. 0.5 m/s
    if vdot_from_performance(distance_m, math.exp(hi)) > vdot:
        raise OutOfRangeError(f"VDOT {vdot:g} is too low to cover {distance_m:g} m running")
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if vdot_from_performance(distance_m, math.exp(mid)) > vdot:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))
