"""Splits: by the device's laps, and by fixed distances (400 m, 1 km, 1 mile).

Times at distance marks are interpolated between samples on the cleaned distance stream
(:func:`~miler.activities.motion.clean_distance`), so a 1 s recording gives splits to a
fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from miler.activities.model import Activity, Samples
from miler.activities.motion import clean_distance, time_at_distance

__all__ = ["Split", "split_by_distance", "split_by_laps"]


@dataclass(frozen=True)
class Split:
    """One split: where it starts (m from the start, s from the start), how far and how long."""

    number: int
    start_m: float
    distance_m: float
    start_s: float
    time_s: float
    avg_heart_rate_bpm: float | None = None

    @property
    def speed_mps(self) -> float:
        """Average speed over the split, m/s (0 for a split without time)."""
        return self.distance_m / self.time_s if self.time_s > 0 else 0.0

    @property
    def pace_s_per_400m(self) -> float | None:
        """Seconds per 400 m (the track lap), ``None`` when no distance was covered."""
        return 400.0 * self.time_s / self.distance_m if self.distance_m > 0 else None


def _mean_hr(samples: Samples, start_s: float, end_s: float) -> float | None:
    hr = samples.heart_rate_bpm
    window = (samples.time_s >= start_s) & (samples.time_s <= end_s) & np.isfinite(hr)
    return float(np.mean(hr[window])) if window.any() else None


def split_by_distance(samples: Samples, every_m: float) -> tuple[Split, ...]:
    """Splits every ``every_m`` metres; the last one holds what is left (if ≥ 1 m)."""
    if every_m <= 0:
        raise ValueError("split distance must be positive")
    d = clean_distance(samples)
    t = samples.time_s
    if not np.isfinite(d).any() or d[-1] <= 0:
        return ()
    total = float(d[-1])
    marks = np.arange(0.0, total, every_m)
    ends = np.append(marks[1:], total)
    if ends[-1] - marks[-1] < 1.0 and marks.size > 1:
        marks, ends = marks[:-1], ends[:-1]
    starts_t = time_at_distance(t, d, marks)
    ends_t = time_at_distance(t, d, ends)
    ends_t[-1] = float(t[np.searchsorted(d, total, side="left")])
    return tuple(
        Split(
            number=i + 1,
            start_m=float(marks[i]),
            distance_m=float(ends[i] - marks[i]),
            start_s=float(starts_t[i]),
            time_s=float(ends_t[i] - starts_t[i]),
            avg_heart_rate_bpm=_mean_hr(samples, float(starts_t[i]), float(ends_t[i])),
        )
        for i in range(marks.size)
    )


def split_by_laps(activity: Activity) -> tuple[Split, ...]:
    """One split per recorded lap, its distance measured on the sample stream.

    The time is the lap's timer time (elapsed time when the file has none), as the
    runner's watch showed it; the distance is the distance stream's growth over the lap.
    """
    samples = activity.samples
    d = clean_distance(samples)
    t = samples.time_s
    has_distance = bool(np.isfinite(d).any())
    splits = []
    for number, lap in enumerate(activity.laps, start=1):
        end = lap.start_s + lap.elapsed_s
        if has_distance:
            at = np.interp([lap.start_s, end], t, d)
            start_m, distance = float(at[0]), float(at[1] - at[0])
        else:
            start_m, distance = 0.0, 0.0
        splits.append(
            Split(
                number=number,
                start_m=start_m,
                distance_m=distance,
                start_s=lap.start_s,
                time_s=lap.timer_s if lap.timer_s is not None else lap.elapsed_s,
                avg_heart_rate_bpm=_mean_hr(samples, lap.start_s, end),
            )
        )
    return tuple(splits)
