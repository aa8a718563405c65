"""Clean distance and speed streams for the analyses (no file formats here).

Devices leave gaps (GPS dropouts, auto-pause) and a distance stream can carry ``NaN``;
the analyses need a non-decreasing distance and a speed on a regular 1 s grid.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.model import Samples

__all__ = [
    "MOVING_MPS",
    "PAUSE_S",
    "clean_distance",
    "moving_seconds",
    "resample_1hz",
    "time_at_distance",
]

FloatArray = npt.NDArray[np.float64]

PAUSE_S: Final = 10.0
"""A gap between samples longer than this (s) is a pause (auto-pause, stopped timer)."""
MOVING_MPS: Final = 0.5
"""Below this speed (m/s) the runner is standing, not moving (project threshold)."""


def clean_distance(samples: Samples) -> FloatArray:
    """The distance stream (m) with gaps filled by interpolation over time and made
    non-decreasing; all ``NaN`` when the activity has no distance at all."""
    t = samples.time_s
    d = samples.distance_m
    ok = np.isfinite(d)
    if not ok.any():
        return np.full(t.shape, np.nan)
    filled = np.interp(t, t[ok], d[ok])
    filled = filled - filled[0]
    return np.asarray(np.maximum.accumulate(filled), dtype=np.float64)


def moving_seconds(samples: Samples, distance: FloatArray) -> FloatArray:
    """Cumulative moving time (s) at each sample: time between samples counts when the
    runner covers at least :data:`MOVING_MPS` and the gap is not a pause."""
    t = samples.time_s
    dt = np.diff(t, prepend=t[0])
    step = np.diff(distance, prepend=distance[0])
    moving = (dt <= PAUSE_S) & (step >= MOVING_MPS * dt)
    return np.asarray(np.cumsum(np.where(moving, dt, 0.0)), dtype=np.float64)


def time_at_distance(t: FloatArray, d: FloatArray, marks: FloatArray) -> FloatArray:
    """The first time (s) the non-decreasing distance ``d`` reaches each of ``marks`` (m),
    linearly interpolated between samples; ``NaN`` for marks beyond the last distance."""
    j = np.searchsorted(d, marks, side="left")
    out = np.full(marks.shape, np.nan)
    inside = (j > 0) & (j < d.size)
    at_start = j == 0
    out[at_start] = t[0]
    jj = j[inside]
    d0, d1 = d[jj - 1], d[jj]
    t0, t1 = t[jj - 1], t[jj]
    span = np.where(d1 > d0, d1 - d0, 1.0)
    out[inside] = t0 + (marks[inside] - d0) / span * (t1 - t0)
    return out


def resample_1hz(samples: Samples, channel: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``channel`` on a 1 s grid from the first to the last sample: (grid, values).

    Inside pauses (gaps over :data:`PAUSE_S`) a cumulative channel stays flat at its value
    before the pause and jumps at the restart, so speed from it is zero while paused.
    """
    t = samples.time_s
    grid = np.arange(0.0, float(t[-1]) + 1.0, 1.0) if t.size else np.empty(0)
    ok = np.isfinite(channel)
    if ok.sum() < 2:
        return grid, np.full(grid.shape, np.nan)
    tt, vv = t[ok], channel[ok]
    gaps = np.flatnonzero(np.diff(tt) > PAUSE_S)
    # hold the value through each pause: add a point just before the restart
    tt = np.insert(tt, gaps + 1, tt[gaps + 1] - 1e-6)
    vv = np.insert(vv, gaps + 1, vv[gaps])
    return grid, np.interp(grid, tt, vv)
