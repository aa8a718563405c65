"""Turning the columns an importer collected into clean :class:`Samples`.

Shared by every importer so the same file gives the same streams whichever parser read it:
rows without a time are dropped, rows are put in time order, rows recorded at the same
second are merged (some apps write position and distance as two records), and a missing
distance stream is measured along the GPS track.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.model import CHANNELS, Samples

__all__ = ["EARTH_RADIUS_M", "MAX_SPEED_MPS", "build_samples", "track_distance_m"]

FloatArray = npt.NDArray[np.float64]

EARTH_RADIUS_M: Final = 6_371_008.8
"""Mean Earth radius (IUGG; Moritz 2000, Geodetic Reference System 1980), metres."""


MAX_SPEED_MPS: Final = 12.5
"""Faster than any human runs (Bolt's peak is about 12.3 m/s): a GPS step implying more is a
jump of the fix, and counts only this speed over its time (at least 1 s)."""


def track_distance_m(
    latitude_deg: FloatArray, longitude_deg: FloatArray, time_s: FloatArray | None = None
) -> FloatArray:
    """Cumulative distance along a GPS track by the haversine formula (Sinnott 1984).

    Positions in degrees; result in metres, starting at 0. Samples without a position add
    nothing (the track resumes from the last known position). With ``time_s`` (seconds),
    a step faster than :data:`MAX_SPEED_MPS` is cut to that speed.
    """
    n = latitude_deg.shape[0]
    out = np.zeros(n)
    valid = np.flatnonzero(np.isfinite(latitude_deg) & np.isfinite(longitude_deg))
    if valid.size < 2:
        out[:] = np.nan if valid.size == 0 else 0.0
        return out
    lat = np.radians(latitude_deg[valid])
    lon = np.radians(longitude_deg[valid])
    dlat = np.diff(lat)
    dlon = np.diff(lon)
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    if time_s is not None:
        seconds = np.maximum(np.diff(time_s[valid]), 1.0)
        step = np.minimum(step, MAX_SPEED_MPS * seconds)
    at_valid = np.concatenate(([0.0], np.cumsum(step)))
    # carry the distance forward over samples without a position
    at_index = np.zeros(n)
    at_index[valid] = at_valid
    mask = np.zeros(n, dtype=bool)
    mask[valid] = True
    last = np.maximum.accumulate(np.where(mask, np.arange(n), -1))
    out = np.where(last >= 0, at_index[np.maximum(last, 0)], 0.0)
    return np.asarray(out, dtype=np.float64)


def _merge_same_time(time: FloatArray, columns: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """One row per distinct time; each channel keeps the last value recorded at that time."""
    starts = np.flatnonzero(np.concatenate(([True], np.diff(time) > 0)))
    if time.size == 0 or starts.size == time.size:
        return {"time_s": time, **columns}
    merged: dict[str, FloatArray] = {"time_s": time[starts]}
    positions = np.arange(time.size)
    for name, values in columns.items():
        last_valid = np.where(np.isfinite(values), positions, -1)
        pick = np.maximum.reduceat(last_valid, starts)
        merged[name] = np.where(pick >= 0, values[np.maximum(pick, 0)], np.nan)
    return merged


def build_samples(time: FloatArray, columns: dict[str, FloatArray]) -> tuple[Samples, float]:
    """Samples from raw columns; returns them with the time of the first sample.

    ``time`` is in seconds on any clock (Unix or the device's own); ``columns`` maps channel
    names of :data:`~miler.activities.model.CHANNELS` to arrays of the same length.
    ``time_s`` of the result counts from the first sample.
    """
    keep = np.isfinite(time)
    order = np.argsort(time[keep], kind="stable")
    t = time[keep][order]
    cleaned = {
        name: np.asarray(values, dtype=np.float64)[keep][order] for name, values in columns.items()
    }
    merged = _merge_same_time(t, cleaned)
    t = merged.pop("time_s")
    n = t.size
    if n and not np.isfinite(merged.get("distance_m", np.full(n, np.nan))).any():
        lat = merged.get("latitude_deg")
        lon = merged.get("longitude_deg")
        if lat is not None and lon is not None and np.isfinite(lat).sum() >= 2:
            merged["distance_m"] = track_distance_m(lat, lon, t)
    t0 = float(t[0]) if n else 0.0
    unknown = set(merged) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown sample channels {sorted(unknown)}")
    return Samples.from_columns(n, time_s=t - t0, **merged), t0
