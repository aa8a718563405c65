"""Pacing evenness of a run or a timed mile (training rules R-S4.2 and R-G11).

R-G11: laps are compared as per-400 m paces; *even* means every lap within ±2 % of the mean
lap (±3 % with GPS-only data); a *too fast start* is lap 1 under 97 % of the mean **and** a
later lap over 103 % of the mean. A fast final lap is never flagged: record miles slow in
the middle and finish fast (Noakes, Lambert & Hauman 2009, Br J Sports Med 43:760).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.errors import InvalidInputError
from miler.units import GPS_PACE_TOLERANCE

__all__ = ["PacingReport", "analyse_pacing", "too_fast_start"]

EVEN_TOLERANCE: Final = 0.02
"""R-G11: every lap within ±2 % of the mean lap is even."""
GPS_EVEN_TOLERANCE: Final = GPS_PACE_TOLERANCE
"""R-G11/R-G12: ±3 % with GPS-only data (the one GPS tolerance, :mod:`miler.units`)."""
FAST_START_RATIO: Final = 0.97
"""R-G11 "too fast start": lap 1 under 97 % of the mean lap time..."""
SLOW_LATER_RATIO: Final = 1.03
"""...and a later lap over 103 % of it."""
SPLIT_EVEN_BAND: Final = 0.01
"""Halves within ±1 % of each other count as an even split (project choice)."""


@dataclass(frozen=True)
class PacingReport:
    """How evenly a run was paced, lap by lap.

    ``lap_paces_s_per_400m``: each lap as seconds per 400 m; ``deviations``: each lap's
    pace relative to the mean (+0.05 = 5 % slower); ``speed_cv``: coefficient of variation
    (standard deviation / mean) of lap speeds; ``first_lap_ratio``: lap 1 pace / mean pace;
    ``split``: "negative" (second half faster), "positive" or "even".
    """

    lap_paces_s_per_400m: tuple[float, ...]
    mean_pace_s_per_400m: float
    deviations: tuple[float, ...]
    speed_cv: float
    first_lap_ratio: float
    split: str
    first_half_s: float
    second_half_s: float
    even: bool
    too_fast_start: bool


def _paces(times_s: Sequence[float], distances_m: Sequence[float] | None) -> np.ndarray:
    times = np.asarray(times_s, dtype=np.float64)
    dists = np.full(times.shape, 400.0) if distances_m is None else np.asarray(distances_m, float)
    if times.size == 0 or times.shape != dists.shape:
        raise InvalidInputError("pacing needs one distance per lap time, and at least one lap")
    if (times <= 0).any() or (dists <= 0).any():
        raise InvalidInputError("lap times and distances must be more than zero")
    return np.asarray(400.0 * times / dists, dtype=np.float64)


def too_fast_start(
    lap_times_s: Sequence[float], lap_distances_m: Sequence[float] | None = None
) -> bool:
    """R-G11 / R-S4.2: lap 1 under 97 % of the mean per-400 m time and a later lap over 103 %.

    ``lap_distances_m`` default to 400 m each (for a mile: 409.344 then 3 x 400).
    """
    paces = _paces(lap_times_s, lap_distances_m)
    if paces.size < 2:
        return False
    mean = float(paces.mean())
    return bool(paces[0] < FAST_START_RATIO * mean and (paces[1:] > SLOW_LATER_RATIO * mean).any())


def _halves(times: np.ndarray, dists: np.ndarray) -> tuple[float, float]:
    cum_d = np.concatenate(([0.0], np.cumsum(dists)))
    cum_t = np.concatenate(([0.0], np.cumsum(times)))
    half = float(np.interp(cum_d[-1] / 2, cum_d, cum_t))
    return half, float(cum_t[-1]) - half


def analyse_pacing(
    lap_times_s: Sequence[float],
    lap_distances_m: Sequence[float] | None = None,
    *,
    gps_only: bool = False,
) -> PacingReport:
    """Pacing evenness of laps given as times (s) and distances (m, default 400 m each)."""
    paces = _paces(lap_times_s, lap_distances_m)
    times = np.asarray(lap_times_s, dtype=np.float64)
    dists = (
        np.full(times.shape, 400.0)
        if lap_distances_m is None
        else np.asarray(lap_distances_m, float)
    )
    mean = float(paces.mean())
    speeds = dists / times
    tolerance = GPS_EVEN_TOLERANCE if gps_only else EVEN_TOLERANCE
    first, second = _halves(times, dists)
    if second < first * (1 - SPLIT_EVEN_BAND):
        split = "negative"
    elif second > first * (1 + SPLIT_EVEN_BAND):
        split = "positive"
    else:
        split = "even"
    deviations = paces / mean - 1.0
    return PacingReport(
        lap_paces_s_per_400m=tuple(float(p) for p in paces),
        mean_pace_s_per_400m=mean,
        deviations=tuple(float(x) for x in deviations),
        speed_cv=float(speeds.std() / speeds.mean()),
        first_lap_ratio=float(paces[0] / mean),
        split=split,
        first_half_s=first,
        second_half_s=second,
        even=bool((np.abs(deviations) <= tolerance + 1e-12).all()),
        too_fast_start=too_fast_start(lap_times_s, lap_distances_m),
    )
