"""The headline numbers of an activity: distance, moving time, pace, heart rate, climb."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.heart_rate import sample_durations
from miler.activities.model import Activity
from miler.activities.motion import MOVING_MPS, clean_distance

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
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    max_heart_rate_bpm: float | None
    ascent_m: float | None
    descent_m: float | None
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
    """Distance, elapsed and moving time, average moving speed, heart rate and climb."""
    samples = activity.samples
    d = clean_distance(samples)
    has_distance = bool(np.isfinite(d).any())
    distance = float(d[-1]) if has_distance else 0.0
    durations = sample_durations(samples)
    if has_distance and distance > 0:
        step = np.diff(d, append=d[-1])
        speed = np.divide(step, durations, out=np.zeros_like(step), where=durations > 0)
        moving = float(durations[speed >= MOVING_MPS].sum())
    else:
        moving = float(durations.sum())
    hr = samples.heart_rate_bpm
    has_hr = bool(np.isfinite(hr).any())
    ascent, descent = _climb(samples.altitude_m)
    return Summary(
        sport=activity.sport,
        start=activity.start,
        device=activity.device,
        distance_m=distance,
        elapsed_s=activity.duration_s,
        moving_s=moving,
        avg_speed_mps=distance / moving if moving > 0 and distance > 0 else None,
        avg_heart_rate_bpm=float(np.nanmean(hr)) if has_hr else None,
        max_heart_rate_bpm=float(np.nanmax(hr)) if has_hr else None,
        ascent_m=ascent,
        descent_m=descent,
        has_gps=samples.has("latitude_deg"),
    )
