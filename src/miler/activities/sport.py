"""Is an activity a run? The sport the file declares, checked against how fast it moved.

A ride or a swim is reported as what it is and never analysed as a run (its "mile" would be
a cyclist's). A file that names no sport (``generic``, most GPX files) is taken as a run
unless it moved faster than anyone runs for most of its moving time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.model import Activity
from miler.activities.motion import GAP_S, clean_distance

__all__ = ["FOOT_SPORTS", "RIDE_SPEED_MPS", "SportVerdict", "judge_sport"]

FOOT_SPORTS: Final = frozenset({"running", "walking", "hiking", "trail_running", "generic"})
"""Sports analysed as a run: running, and movement on foot miler's analyses fit."""

RIDE_SPEED_MPS: Final = 7.0
"""A median moving speed above 7 m/s (25 km/h, a 2:23/km pace held for half the moving
time) is no run: elite marathoners average ~5.7 m/s (World Athletics records) — project
threshold for a file that names no sport."""


@dataclass(frozen=True)
class SportVerdict:
    """``sport`` as reported; ``is_run`` whether miler analyses it as a run; ``reason``
    says why not (``None`` for a run)."""

    sport: str
    is_run: bool
    reason: str | None = None


def _median_moving_speed(activity: Activity) -> float | None:
    samples = activity.samples
    d = clean_distance(samples)
    if len(samples) < 3 or not np.isfinite(d).any():
        return None
    dt = np.diff(samples.time_s)
    step = np.diff(d)
    ok = (dt > 0) & (dt <= GAP_S)  # a longer gap is a pause, not a speed
    speed = step[ok] / dt[ok]
    moving = speed[speed >= 0.5]
    return float(np.median(moving)) if moving.size else None


def judge_sport(activity: Activity) -> SportVerdict:
    """Whether ``activity`` (its running part, for a multisport file) is analysed as a run."""
    sport = activity.sport
    if sport not in FOOT_SPORTS:
        return SportVerdict(
            sport, False, f"a {sport.replace('_', ' ')} activity, not a run: not analysed as one"
        )
    if sport == "generic":
        speed = _median_moving_speed(activity)
        if speed is not None and speed > RIDE_SPEED_MPS:
            return SportVerdict(
                "cycling",
                False,
                f"no sport in the file, and it moved at a median {speed * 3.6:.0f} km/h, "
                "faster than anyone runs: taken as a ride, not analysed as a run",
            )
    return SportVerdict(sport, True)
