"""Heart rate in a run: time in zones and heart-rate drift (aerobic decoupling)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.model import Samples
from miler.activities.motion import clean_distance, interval_durations

__all__ = [
    "DEFAULT_ZONE_FRACTIONS",
    "Decoupling",
    "ZoneTime",
    "aerobic_decoupling",
    "average_heart_rate",
    "highest_heart_rate",
    "sample_durations",
    "time_in_zones",
    "valid_heart_rate",
]

FloatArray = npt.NDArray[np.float64]

DEFAULT_ZONE_FRACTIONS: Final = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
"""Lower bounds of zones 1-5 and the top, as fractions of HRmax (the common five-zone
%HRmax scheme, e.g. Edwards 1993; zone 5 extends above HRmax)."""


@dataclass(frozen=True)
class ZoneTime:
    """Seconds spent with heart rate in ``[low_bpm, high_bpm)`` (zone 0: below zone 1)."""

    zone: int
    low_bpm: float
    high_bpm: float
    seconds: float


@dataclass(frozen=True)
class Decoupling:
    """Aerobic decoupling (Pa:HR) and heart-rate drift between the halves of a run.

    ``efficiency_*``: speed / heart rate (m/s per bpm) in each half; ``decoupling_pct`` =
    (EF1 - EF2) / EF1 x 100, Friel's Pa:HR, where under 5 % marks good aerobic endurance
    (Friel 2009, *The Cyclist's Training Bible*; Allen & Coggan 2010);
    ``hr_drift_pct``: second-half mean HR over first-half mean HR, minus one, in percent.
    """

    efficiency_first: float
    efficiency_second: float
    decoupling_pct: float
    hr_drift_pct: float


def sample_durations(samples: Samples) -> FloatArray:
    """Seconds each sample stands for (time to the next one), pauses counting zero
    (:func:`~miler.activities.motion.interval_durations`, shifted to the sample before)."""
    if len(samples) == 0:
        return np.zeros(0)
    return np.append(interval_durations(samples)[1:], 0.0)


def valid_heart_rate(samples: Samples) -> FloatArray:
    """The heart-rate stream with zeros (a strap with no contact writes 0) as ``NaN``."""
    hr = samples.heart_rate_bpm
    return np.where(hr > 0, hr, np.nan)


def highest_heart_rate(samples: Samples) -> float | None:
    """The highest recorded heart rate (bpm), ``None`` without any above zero."""
    hr = valid_heart_rate(samples)
    return float(np.nanmax(hr)) if np.isfinite(hr).any() else None


def average_heart_rate(samples: Samples) -> float | None:
    """Time-weighted average heart rate (bpm): each sample weighs the seconds it stands
    for (:func:`sample_durations`), zeros and gaps ignored; ``None`` without any."""
    hr = valid_heart_rate(samples)
    weights = sample_durations(samples) * np.isfinite(hr)
    if weights.sum() <= 0:
        ok = np.isfinite(hr)
        return float(np.mean(hr[ok])) if ok.any() else None
    return float(np.nansum(hr * weights) / weights.sum())


def time_in_zones(
    samples: Samples, hr_max_bpm: float, fractions: Sequence[float] = DEFAULT_ZONE_FRACTIONS
) -> tuple[ZoneTime, ...]:
    """Seconds in each heart-rate zone; zone 0 collects time below zone 1."""
    bounds = np.asarray(fractions, dtype=np.float64) * hr_max_bpm
    hr = valid_heart_rate(samples)
    weights = sample_durations(samples)
    ok = np.isfinite(hr)
    index = np.searchsorted(bounds[:-1], hr[ok], side="right")
    seconds = np.bincount(index, weights=weights[ok], minlength=bounds.size)
    lows = np.concatenate(([0.0], bounds[:-1]))
    highs = np.concatenate((bounds[:-1], [np.inf]))
    return tuple(
        ZoneTime(
            zone=i, low_bpm=float(lows[i]), high_bpm=float(highs[i]), seconds=float(seconds[i])
        )
        for i in range(bounds.size)
    )


def aerobic_decoupling(samples: Samples) -> Decoupling | None:
    """Pa:HR decoupling between the first and second half (by moving time) of a run;
    ``None`` without heart rate and distance."""
    hr = valid_heart_rate(samples)
    d = clean_distance(samples)
    if not np.isfinite(hr).any() or not np.isfinite(d).any() or d[-1] <= 0:
        return None
    weights = sample_durations(samples)
    moving_time = np.cumsum(weights)
    half = moving_time[-1] / 2
    first = moving_time <= half
    halves = []
    for part in (first, ~first):
        w = weights[part] * np.isfinite(hr[part])
        if w.sum() <= 0:
            return None
        mean_hr = float(np.nansum(hr[part] * w) / w.sum())
        distance = float(np.sum(np.diff(d, append=d[-1])[part]))
        speed = distance / float(weights[part].sum())
        if mean_hr <= 0 or speed <= 0:
            return None
        halves.append((speed / mean_hr, mean_hr))
    (ef1, hr1), (ef2, hr2) = halves
    return Decoupling(
        efficiency_first=ef1,
        efficiency_second=ef2,
        decoupling_pct=(ef1 - ef2) / ef1 * 100.0,
        hr_drift_pct=(hr2 / hr1 - 1.0) * 100.0,
    )
