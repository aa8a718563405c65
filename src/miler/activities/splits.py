"""Splits: by the device's laps, and by fixed distances (400 m, 1 km, 1 mile).

Times at distance marks are interpolated between samples on the cleaned distance stream
(:func:`~miler.activities.motion.clean_distance`), so a 1 s recording gives splits to a
fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from miler.activities.heart_rate import valid_heart_rate
from miler.activities.model import Activity, Samples
from miler.activities.motion import clean_distance, moving_seconds, time_at_distance

__all__ = ["Split", "split_by_distance", "split_by_laps"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Split:
    """One split: where it starts (m from the start, s from the start), how far and how long.

    ``time_s`` is moving time (the one clock of every split table); ``paused_s`` the time
    inside the split when the runner stood or the timer was stopped."""

    number: int
    start_m: float
    distance_m: float
    start_s: float
    time_s: float
    avg_heart_rate_bpm: float | None = None
    paused_s: float = 0.0

    @property
    def speed_mps(self) -> float:
        """Average speed over the split, m/s (0 for a split without time)."""
        return self.distance_m / self.time_s if self.time_s > 0 else 0.0

    @property
    def pace_s_per_400m(self) -> float | None:
        """Seconds per 400 m (the track lap), ``None`` when no distance was covered."""
        return 400.0 * self.time_s / self.distance_m if self.distance_m > 0 else None


def _mean_hr(samples: Samples, start_s: float, end_s: float) -> float | None:
    hr = valid_heart_rate(samples)
    window = (samples.time_s >= start_s) & (samples.time_s <= end_s) & np.isfinite(hr)
    return float(np.mean(hr[window])) if window.any() else None


def _moving_clock(samples: Samples, d: FloatArray) -> FloatArray:
    if np.isfinite(d).any():
        return moving_seconds(samples, d)
    from miler.activities.motion import interval_durations

    return np.asarray(np.cumsum(interval_durations(samples)), dtype=np.float64)


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
    clock = _moving_clock(samples, d)
    moving = np.interp(ends_t, t, clock) - np.interp(starts_t, t, clock)
    return tuple(
        Split(
            number=i + 1,
            start_m=float(marks[i]),
            distance_m=float(ends[i] - marks[i]),
            start_s=float(starts_t[i]),
            time_s=float(moving[i]),
            avg_heart_rate_bpm=_mean_hr(samples, float(starts_t[i]), float(ends_t[i])),
            paused_s=float(max(ends_t[i] - starts_t[i] - moving[i], 0.0)),
        )
        for i in range(marks.size)
    )


def split_by_laps(activity: Activity) -> tuple[Split, ...]:
    """One split per recorded lap, its distance measured on the sample stream.

    The time is moving time over the lap, the same clock as the distance splits; the time
    the runner stood or the timer was stopped is ``paused_s``. The distance is the distance
    stream's growth over the lap.
    """
    samples = activity.samples
    d = clean_distance(samples)
    t = samples.time_s
    has_distance = bool(np.isfinite(d).any())
    clock = _moving_clock(samples, d) if len(samples) else np.zeros(0)
    splits = []
    for number, lap in enumerate(activity.laps, start=1):
        end = lap.start_s + lap.elapsed_s
        if has_distance:
            at = np.interp([lap.start_s, end], t, d)
            start_m, distance = float(at[0]), float(at[1] - at[0])
        else:
            start_m, distance = 0.0, 0.0
        moving = float(np.diff(np.interp([lap.start_s, end], t, clock))[0]) if t.size else 0.0
        splits.append(
            Split(
                number=number,
                start_m=start_m,
                distance_m=distance,
                start_s=lap.start_s,
                time_s=moving,
                avg_heart_rate_bpm=_mean_hr(samples, lap.start_s, end),
                paused_s=max(lap.elapsed_s - moving, 0.0),
            )
        )
    return tuple(splits)
