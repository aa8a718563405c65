"""Best efforts inside a run: the fastest time over each standard distance, and whether
the run held an all-out mile or time trial.

A best effort over D starts at a sample and ends when the distance stream has grown by D,
the end time interpolated between samples (as Strava and Garmin do; starts are not
interpolated, so it is never faster than the recording can show).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.model import Samples
from miler.activities.motion import clean_distance, moving_seconds, time_at_distance
from miler.units import MILE_M

__all__ = [
    "STANDARD_EFFORTS_M",
    "Effort",
    "TimeTrial",
    "best_effort",
    "best_efforts",
    "recognise_time_trial",
]

STANDARD_EFFORTS_M: Final = (
    200.0,
    400.0,
    800.0,
    1000.0,
    1500.0,
    MILE_M,
    3000.0,
    2 * MILE_M,
    5000.0,
)
TRIAL_DISTANCES_M: Final = (5000.0, 2 * MILE_M, 3000.0, MILE_M, 1500.0)
TRIAL_CONTRAST: Final = 1.3
"""An effort is all-out when it is at least 30 % faster than the rest of the run
(warm-up, cool-down) — project threshold."""
WORLD_RECORD_S: Final = {
    1500.0: 206.0,
    MILE_M: 223.13,
    3000.0: 440.67,
    2 * MILE_M: 478.61,
    5000.0: 755.36,
}
"""Men's outdoor world records (World Athletics, as of 2024), seconds: an "effort" faster
than these is a GPS error, never a time trial."""


@dataclass(frozen=True)
class Effort:
    """The fastest ``distance_m`` inside a run: ``time_s``, starting at ``start_s``/``start_m``."""

    distance_m: float
    time_s: float
    start_s: float
    start_m: float

    @property
    def speed_mps(self) -> float:
        """Average speed over the effort, m/s."""
        return self.distance_m / self.time_s


@dataclass(frozen=True)
class TimeTrial:
    """An all-out effort recognised in a run: the effort and how much faster it was than
    the rest of the run (``contrast``; ``None`` when the whole run was the trial)."""

    effort: Effort
    contrast: float | None


def best_effort(samples: Samples, distance_m: float) -> Effort | None:
    """The fastest ``distance_m`` in the run, or ``None`` if the run is shorter."""
    d = clean_distance(samples)
    t = samples.time_s
    if not np.isfinite(d).any() or d[-1] < distance_m:
        return None
    ends = time_at_distance(t, d, d + distance_m)
    durations = ends - t
    if not np.isfinite(durations).any():
        return None
    i = int(np.nanargmin(durations))
    return Effort(
        distance_m=distance_m, time_s=float(durations[i]), start_s=float(t[i]), start_m=float(d[i])
    )


def best_efforts(
    samples: Samples, distances_m: Sequence[float] = STANDARD_EFFORTS_M
) -> tuple[Effort, ...]:
    """Best efforts for each of ``distances_m`` the run is long enough for."""
    found = (best_effort(samples, distance) for distance in distances_m)
    return tuple(effort for effort in found if effort is not None)


def recognise_time_trial(samples: Samples) -> TimeTrial | None:
    """An all-out mile, 1500 m, 3000 m, 2 miles or 5000 m inside the run, if there is one.

    The run *is* a trial when its whole distance is within -2 %/+10 % of a trial distance,
    that best effort takes at least 90 % of its time, and it has no recovery in it (no 30 s
    under 80 % of its average speed); otherwise the longest
    trial distance whose best effort is at least 30 % faster than the rest of the run, and
    never slower than 80 % of its own average over any 30 s inside it, is reported.
    """
    d = clean_distance(samples)
    t = samples.time_s
    if not np.isfinite(d).any():
        return None
    total_m = float(d[-1])
    total_s = float(t[-1] - t[0])
    moving = moving_seconds(samples, d)
    for distance in TRIAL_DISTANCES_M:
        effort = best_effort(samples, distance)
        if effort is None or effort.time_s < WORLD_RECORD_S[distance]:
            continue
        whole = 0.98 * distance <= total_m <= 1.10 * distance
        if whole and effort.time_s >= 0.9 * total_s * (distance / total_m):
            if _sustained(t, d, effort):
                return TimeTrial(effort, None)
            continue
        # the rest of the run by moving time: standing at a light is not a slow jog
        inside = np.interp([effort.start_s, effort.start_s + effort.time_s], t, moving)
        rest_m = total_m - distance
        rest_s = float(moving[-1] - (inside[1] - inside[0]))
        if rest_m < 200 or rest_s <= 0:
            continue
        contrast = effort.speed_mps / (rest_m / rest_s)
        if contrast >= TRIAL_CONTRAST and _sustained(t, d, effort):
            return TimeTrial(effort, float(contrast))
    return None


def _sustained(t: np.ndarray, d: np.ndarray, effort: Effort) -> bool:
    start, end = effort.start_s, effort.start_s + effort.time_s
    marks = np.arange(start, end - 30.0 + 1e-9, 10.0)
    if marks.size == 0:
        return True
    covered = np.interp(marks + 30.0, t, d) - np.interp(marks, t, d)
    return bool((covered / 30.0 >= 0.8 * effort.speed_mps).all())
