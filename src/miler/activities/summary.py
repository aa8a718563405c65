"""The headline numbers of an activity: distance, moving time, pace, heart rate, climb."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.heart_rate import average_heart_rate, highest_heart_rate
from miler.activities.model import Activity
from miler.activities.motion import clean_distance, interval_durations, moving_seconds

__all__ = ["Summary", "summarise"]

CLIMB_HYSTERESIS_M: Final = 2.0
"""Altitude changes smaller than this are GPS/barometer noise and not counted as climb."""


@dataclass(frozen=True)
class Summary:
    """Headline numbers; values a file cannot give are ``None``."""

    sport: str
    start: dt.datetime | None
    device: str | None
    distance_m: float
    elapsed_s: float
    moving_s: float
    paused_s: float
    moving_source: str
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    max_heart_rate_bpm: float | None
    ascent_m: float | None
    descent_m: float | None
    ascent_source: str | None
    has_gps: bool


def _climb(altitude: np.ndarray) -> tuple[float | None, float | None]:
    alt = altitude[np.isfinite(altitude)]
    if alt.size < 2:
        return None, None
    up = down = 0.0
    anchor = float(alt[0])
    for value in alt[1:].tolist():
        if value - anchor >= CLIMB_HYSTERESIS_M:
            up += value - anchor
            anchor = value
        elif anchor - value >= CLIMB_HYSTERESIS_M:
            down += anchor - value
            anchor = value
    return up, down


def summarise(activity: Activity) -> Summary:
    """Distance, elapsed, moving and paused time, average moving speed, heart rate, climb.

    Moving time is judged over a window (:func:`~miler.activities.motion.moving_seconds`),
    with the device's own timer pauses where the file has them (``moving_source``
    ``"device timer"``; ``"samples"`` otherwise). Average heart rate is time-weighted and
    ignores zeros. Ascent and descent are the device's own totals when the file has them
    (``ascent_source`` ``"device"``), else measured on the altitude stream (``"altitude"``).
    """
    samples = activity.samples
    d = clean_distance(samples)
    has_distance = bool(np.isfinite(d).any())
    distance = float(d[-1]) if has_distance else 0.0
    if len(samples) == 0:
        moving = 0.0
    elif has_distance and distance > 0:
        moving = float(moving_seconds(samples, d)[-1])
    else:
        moving = float(interval_durations(samples).sum())
    elapsed = activity.duration_s
    ascent, descent = _climb(samples.altitude_m)
    ascent_source: str | None = None if ascent is None else "altitude"
    device_ascent = [s.ascent_m for s in activity.sessions if s.ascent_m is not None]
    if device_ascent:
        ascent, ascent_source = float(sum(device_ascent)), "device"
        device_descent = [s.descent_m for s in activity.sessions if s.descent_m is not None]
        if device_descent:
            descent = float(sum(device_descent))
    return Summary(
        sport=activity.sport,
        start=activity.start,
        device=activity.device,
        distance_m=distance,
        elapsed_s=elapsed,
        moving_s=moving,
        paused_s=max(elapsed - moving, 0.0),
        moving_source="device timer" if samples.pauses else "samples",
        avg_speed_mps=distance / moving if moving > 0 and distance > 0 else None,
        avg_heart_rate_bpm=average_heart_rate(samples),
        max_heart_rate_bpm=highest_heart_rate(samples),
        ascent_m=ascent,
        descent_m=descent,
        ascent_source=ascent_source,
        has_gps=samples.has("latitude_deg"),
    )
