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
    "GAP_S",
    "MOVING_MPS",
    "WINDOW_S",
    "clean_distance",
    "interval_durations",
    "moving_intervals",
    "moving_seconds",
    "paused_intervals",
    "resample_1hz",
    "time_at_distance",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

GAP_S: Final = 60.0
"""Without the device's own timer events, a gap between samples up to this long (s) is a
recording gap, bridged by interpolation (Garmin "smart recording" writes a sample only
when something changes, often 5-30 s apart, occasionally near a minute); a longer one is
a pause (auto-pause, stopped timer) — project threshold."""
MOVING_MPS: Final = 0.5
"""Below this speed (m/s) the runner is standing, not moving (project threshold)."""
WINDOW_S: Final = 10.0
"""Moving or standing is judged on the speed over this window (s) around each step, not
step by step, so GPS jitter in a 1 s step neither starts nor stops the clock."""


def paused_intervals(samples: Samples) -> BoolArray:
    """For each sample, whether the time since the previous one was a pause: inside a
    timer pause the file records (:attr:`Samples.pauses`), or, unless the file records
    every timer start and stop (:attr:`Samples.timer_known`), a gap longer than
    :data:`GAP_S`. Element 0 is ``False``."""
    t = samples.time_s
    if t.size == 0:
        return np.zeros(0, dtype=bool)
    dt = np.diff(t, prepend=t[0])
    paused = np.zeros(t.size, dtype=bool) if samples.timer_known else dt > GAP_S
    if not samples.pauses:
        return np.asarray(paused)
    mid = t - dt / 2
    for start, end in samples.pauses:
        paused |= (mid > start) & (mid < end)
    return paused


def interval_durations(samples: Samples) -> FloatArray:
    """For each sample, the seconds since the previous one, zero across a pause."""
    t = samples.time_s
    if t.size == 0:
        return np.zeros(0)
    dt = np.diff(t, prepend=t[0])
    return np.asarray(np.where(paused_intervals(samples), 0.0, dt), dtype=np.float64)


def moving_intervals(samples: Samples, distance: FloatArray) -> BoolArray:
    """For each sample, whether the runner moved since the previous one: not a pause, and
    at least :data:`MOVING_MPS` over the :data:`WINDOW_S` window centred on the step (the
    step itself when it is longer). Without a distance stream every unpaused step moves."""
    t = samples.time_s
    paused = paused_intervals(samples)
    if t.size < 2 or not np.isfinite(distance).any():
        return np.asarray(~paused)
    dt = np.diff(t, prepend=t[0])
    half = np.maximum(dt, WINDOW_S) / 2
    mid = t - dt / 2
    lo = np.maximum(mid - half, t[0])
    hi = np.minimum(mid + half, t[-1])
    covered = np.interp(hi, t, distance) - np.interp(lo, t, distance)
    span = np.maximum(hi - lo, 1e-9)
    moving = (covered / span >= MOVING_MPS) & ~paused
    moving[0] = False
    return np.asarray(moving)


def moving_seconds(samples: Samples, distance: FloatArray) -> FloatArray:
    """Cumulative moving time (s) at each sample (see :func:`moving_intervals`)."""
    t = samples.time_s
    if t.size == 0:
        return np.zeros(0)
    dt = np.diff(t, prepend=t[0])
    moving = moving_intervals(samples, distance)
    return np.asarray(np.cumsum(np.where(moving, dt, 0.0)), dtype=np.float64)


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

    Inside pauses (:func:`paused_intervals`) a cumulative channel stays flat at its value
    before the pause and jumps at the restart, so speed from it is zero while paused.
    """
    t = samples.time_s
    grid = np.arange(0.0, float(t[-1]) + 1.0, 1.0) if t.size else np.empty(0)
    ok = np.isfinite(channel)
    if ok.sum() < 2:
        return grid, np.full(grid.shape, np.nan)
    tt, vv = t[ok], channel[ok]
    paused = paused_intervals(samples)[ok]
    gaps = np.flatnonzero(paused[1:])
    # hold the value through each pause: add a point just before the restart
    tt = np.insert(tt, gaps + 1, tt[gaps + 1] - 1e-6)
    vv = np.insert(vv, gaps + 1, vv[gaps])
    return grid, np.interp(grid, tt, vv)
