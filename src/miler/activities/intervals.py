"""Find work and recovery reps in a run from its speed alone (no lap button needed).

Method (project design, documented here because no single published method is used):

1. Speed on a 1 s grid from the cleaned distance stream (treadmill runs included; a run
   without distance falls back to power). Pauses count as standing still.
2. Smoothed with a 11 s running median then an 11 s running mean, so GPS jitter and single
   dropouts do not split a rep.
3. The moving speeds (above walking, 1.0 m/s) are split into a slow and a fast group by
   Otsu's threshold (Otsu 1979, IEEE Trans SMC 9:62), which maximises the between-group
   variance. A run can be an interval session only if the fast group's mean is at least
   30 % above the slow group's. The fast group is split again
   while it shows the same contrast, so warm-up jogs are not taken for reps.
4. Stretches above the threshold are work reps; gaps under 15 s are bridged, reps under
   20 s dropped (and stretches over a quarter of the run are not reps); the stretches
   between reps are recoveries. It is an interval session only with at least three reps
   of similar size (coefficient of variation of durations or distances at most 35 %):
   the faster stretches of a steady run are of random lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.model import Samples
from miler.activities.motion import clean_distance, resample_1hz

__all__ = ["Rep", "detect_intervals"]

FloatArray = npt.NDArray[np.float64]

MOVING_MPS: Final = 1.0
MIN_CONTRAST: Final = 1.3
MAX_REP_CV: Final = 0.35
MAX_REP_SHARE: Final = 0.25
MIN_WORK_S: Final = 20
MAX_GAP_S: Final = 15
SMOOTH_S: Final = 11


@dataclass(frozen=True)
class Rep:
    """One work or recovery stretch: from ``start_s`` for ``time_s`` seconds."""

    kind: str  # "work" or "recovery"
    number: int
    start_s: float
    time_s: float
    distance_m: float
    avg_heart_rate_bpm: float | None = None

    @property
    def speed_mps(self) -> float:
        """Average speed of the rep, m/s."""
        return self.distance_m / self.time_s if self.time_s > 0 else 0.0


def _smooth(values: FloatArray) -> FloatArray:
    from scipy.ndimage import median_filter, uniform_filter1d

    med = median_filter(values, size=SMOOTH_S, mode="nearest")
    return np.asarray(uniform_filter1d(med, size=SMOOTH_S, mode="nearest"), dtype=np.float64)


def _otsu(values: FloatArray) -> float:
    ordered = np.sort(values)
    n = ordered.size
    csum = np.cumsum(ordered)
    k = np.arange(1, n)
    w0 = k / n
    mu0 = csum[:-1] / k
    mu1 = (csum[-1] - csum[:-1]) / (n - k)
    between = w0 * (1 - w0) * (mu0 - mu1) ** 2
    best = int(np.argmax(between))
    return float((ordered[best] + ordered[best + 1]) / 2)


def _work_threshold(moving: FloatArray) -> float | None:
    """Otsu's threshold, applied again inside the fast group while it still splits into two
    clearly different speeds (warm-up and cool-down jogs form a middle group between
    recoveries and reps); ``None`` when even the first split shows no contrast."""
    threshold = None
    values = moving
    while values.size >= 2 * MIN_WORK_S:
        candidate = _otsu(values)
        fast, slow = values[values > candidate], values[values <= candidate]
        if fast.size < MIN_WORK_S or slow.size == 0 or fast.mean() < MIN_CONTRAST * slow.mean():
            break
        threshold, values = candidate, fast
    return threshold


def _repeated(reps: list[tuple[int, int]], d: FloatArray) -> bool:
    """Whether the fast stretches look like a set of reps: at least three, of similar size
    (coefficient of variation of their durations or of their distances within 35 %)."""
    if len(reps) < 3:
        return False
    durations = np.array([e - s for s, e in reps], dtype=np.float64)
    distances = np.array([d[min(e, d.size - 1)] - d[s] for s, e in reps], dtype=np.float64)

    def cv(x: FloatArray) -> float:
        return float(x.std() / x.mean()) if x.mean() > 0 else np.inf

    return min(cv(durations), cv(distances)) <= MAX_REP_CV


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def _signal(samples: Samples) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    distance = clean_distance(samples)
    if np.isfinite(distance).any() and distance[-1] > 0:
        grid, d = resample_1hz(samples, distance)
        return grid, np.diff(d, prepend=d[0]), d
    if samples.has("power_w"):
        grid, p = resample_1hz(samples, samples.power_w)
        return grid, p, np.zeros_like(grid)
    return None


def detect_intervals(samples: Samples) -> tuple[Rep, ...]:
    """Work and recovery reps, in time order; empty for a steady run (see module doc)."""
    signal = _signal(samples)
    if signal is None or signal[0].size < 4 * MIN_WORK_S:
        return ()
    grid, raw, d = signal
    smooth = _smooth(raw)
    moving = smooth[smooth > MOVING_MPS] if np.isfinite(d).any() and d[-1] > 0 else smooth
    if moving.size < 2 * MIN_WORK_S:
        return ()
    threshold = _work_threshold(moving)
    if threshold is None:
        return ()
    work = smooth > threshold
    for start, end in _runs(~work):
        if start > 0 and end < work.size and end - start < MAX_GAP_S:
            work[start:end] = True
    reps = [
        (s, e)
        for s, e in _runs(work)
        if MIN_WORK_S <= e - s <= MAX_REP_SHARE * work.size and raw[s:e].mean() > threshold
    ]
    if not _repeated(reps, d):
        return ()
    return _describe(samples, grid, d, reps)


def _describe(
    samples: Samples, grid: FloatArray, d: FloatArray, reps: list[tuple[int, int]]
) -> tuple[Rep, ...]:
    hr_t, hr = samples.time_s, samples.heart_rate_bpm

    def rep(kind: str, number: int, s: int, e: int) -> Rep:
        start, end = float(grid[s]), float(grid[min(e, grid.size - 1)])
        window = (hr_t >= start) & (hr_t <= end) & np.isfinite(hr)
        return Rep(
            kind=kind,
            number=number,
            start_s=start,
            time_s=end - start,
            distance_m=float(d[min(e, d.size - 1)] - d[s]),
            avg_heart_rate_bpm=float(hr[window].mean()) if window.any() else None,
        )

    out: list[Rep] = []
    for i, (s, e) in enumerate(reps):
        out.append(rep("work", i + 1, s, e))
        if i + 1 < len(reps):
            out.append(rep("recovery", i + 1, e, reps[i + 1][0]))
    return tuple(out)
