"""Distance measured along a GPS track, made fit for best efforts.

A watch measures distance itself (wheel of its own accelerometer, its own filtered GPS);
for a file without a distance stream (GPX, some TCX and FIT files) miler measures it along
the track. Phone recordings (Nike Run Club, Strava's app) give that track a time structure
no runner has: the fix lags, then catches up in a burst (seen: 160 m in 23 s after a 42 s
gap in the fixes, 8 m/s in a 2.6 m/s run), and jitters a few metres either way. The
total stays right, but the time at which each metre is reached does not, so a 400 m best
effort came out 10-38 % faster than the run could show.

Each step's distance is therefore spread over a window of time: the step's speed is the
average speed over :data:`~miler.activities.motion.WINDOW_S` around it (the window that
already judges moving or standing), widened near a recording gap to the gap's own length
(a fix that ends a gap is stale, and the catch-up that follows belongs to the gap).
Pauses keep their own (zero) distance and are never smoothed into. The total distance is
kept exactly. Measured on the shared files: a clean 1 Hz TomTom track's best 400 m moves
by 0.2 s (105.3 to 105.5 s, its watch's own distance says 103.4 s); a Strava phone
recording's moves from 122.9 to 128.3 s, against 130.8 s by Strava's own distance stream.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.model import Samples
from miler.activities.motion import GAP_S, WINDOW_S, paused_intervals

__all__ = ["GAP_REACH_S", "smooth_track_distance"]

FloatArray = npt.NDArray[np.float64]

GAP_REACH_S: Final = GAP_S / 2
"""A recording gap makes the positions within this many seconds (either side) as
uncertain in time as the gap is long: the stale fix at its end and the catch-up after it
(project threshold; half the longest recording gap, :data:`GAP_S`)."""


def _half_windows(step_s: FloatArray, mid_s: FloatArray) -> FloatArray:
    """Half the averaging window (s) for each step: ``WINDOW_S / 2``, or the longest
    recording gap that ends or starts within :data:`GAP_REACH_S` of the step when that
    is longer."""
    half = np.full(step_s.shape, WINDOW_S / 2)
    big = np.flatnonzero(step_s > WINDOW_S / 2)
    if big.size == 0:
        return half
    reach = step_s[big] / 2 + GAP_REACH_S  # from the gap's ends, not its middle
    starts = np.searchsorted(mid_s, mid_s[big] - reach, side="left")
    ends = np.searchsorted(mid_s, mid_s[big] + reach, side="right")
    for gap, a, b in zip(step_s[big], starts, ends, strict=True):
        np.maximum(half[a:b], gap, out=half[a:b])
    return half


def smooth_track_distance(samples: Samples) -> FloatArray:
    """``samples.distance_m`` (measured along the GPS track, finite) with each moving
    step's distance spread over its averaging window (see the module doc); pauses
    (:func:`~miler.activities.motion.paused_intervals`) keep their own distance, and the
    total is unchanged. Metres, one value per sample."""
    t = samples.time_s
    d = samples.distance_m
    if t.size < 3 or not np.isfinite(d).all():
        return np.asarray(d, dtype=np.float64)
    step_s = np.diff(t)
    step_m = np.diff(d)
    paused = paused_intervals(samples)[1:]
    moving_s = np.where(paused, 0.0, step_s)
    moving_m = np.where(paused, 0.0, step_m)
    # the moving clock: pauses take no time on it, so no window reaches across one
    clock = np.concatenate(([0.0], np.cumsum(moving_s)))
    covered = np.concatenate(([0.0], np.cumsum(moving_m)))
    mid = (clock[1:] + clock[:-1]) / 2
    half = _half_windows(moving_s, mid)
    lo = np.maximum(mid - half, 0.0)
    hi = np.minimum(mid + half, clock[-1])
    speed = (np.interp(hi, clock, covered) - np.interp(lo, clock, covered)) / np.maximum(
        hi - lo, 1e-9
    )
    spread = speed * moving_s
    total = float(spread.sum())
    if total > 0:
        spread *= float(moving_m.sum()) / total
    steps = np.where(paused, step_m, spread)
    return np.asarray(d[0] + np.concatenate(([0.0], np.cumsum(steps))), dtype=np.float64)
