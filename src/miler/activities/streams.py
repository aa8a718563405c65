"""Turning the columns an importer collected into clean :class:`Samples`.

Shared by every importer so the same file gives the same streams whichever parser read it.
Rows keep the file's order, and their times are repaired before anything else, so a bad
clock never becomes speed or memory:

- times far from the rest (a 1970 timestamp in a 2021 run: the largest group of times with
  no gap over :data:`OUTLIER_GAP_S` is the activity) are treated as unknown;
- a time earlier than one before it in the file (a clock stepping back) is unknown too;
- unknown times are interpolated between the nearest timed rows (along the GPS track when
  there is one, else by position in the file); rows before the first or after the last
  timed row are dropped, and every repair is reported.

Then rows recorded at the same second are merged (some apps write position and distance
as two records), and a missing distance stream is measured along the GPS track with GPS
spikes removed and its time structure smoothed (:mod:`miler.activities.gps_distance`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from miler.activities.gps_distance import smooth_track_distance
from miler.activities.model import CHANNELS, Samples

__all__ = [
    "EARTH_RADIUS_M",
    "MAX_SPEED_MPS",
    "OUTLIER_GAP_S",
    "BuiltSamples",
    "build_samples",
    "remove_spikes",
    "track_distance_m",
]

FloatArray = npt.NDArray[np.float64]

EARTH_RADIUS_M: Final = 6_371_008.8
"""Mean Earth radius (IUGG; Moritz 2000, Geodetic Reference System 1980), metres."""


OUTLIER_GAP_S: Final = 6 * 3600.0
"""Times more than six hours from the main body of a recording belong to no activity (a
clock reset to 1970, a year-2099 glitch); separate activities are separate tracks."""

SPIKE_SPEED_MPS: Final = 9.0
"""A GPS fix reached and left faster than this (m/s) while its neighbours are close to each
other is a spike: sustained 9 m/s is beyond any distance runner (a 2:58 1500 m) —
project threshold."""

MAX_SPEED_MPS: Final = 12.5
"""Faster than any human runs (Bolt's peak is about 12.3 m/s): a GPS step implying more is a
jump of the fix, and counts only this speed over its time (at least 1 s)."""


def track_distance_m(
    latitude_deg: FloatArray,
    longitude_deg: FloatArray,
    time_s: FloatArray | None = None,
    segment: FloatArray | None = None,
) -> FloatArray:
    """Cumulative distance along a GPS track by the haversine formula (Sinnott 1984).

    Positions in degrees; result in metres, starting at 0. Samples without a position add
    nothing (the track resumes from the last known position). With ``time_s`` (seconds),
    a step faster than :data:`MAX_SPEED_MPS` is cut to that speed. With ``segment`` (a
    segment number per sample), a step from one segment to the next adds nothing: a
    segment break is a pause, never distance. With ``time_s`` a sample without a position
    takes the distance interpolated in time between the fixes around it.
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
    if segment is not None:
        step = np.where(np.diff(segment[valid]) != 0, 0.0, step)
    at_valid = np.concatenate(([0.0], np.cumsum(step)))
    if time_s is not None:
        # between two fixes the runner moved on: distance follows the clock (a carried
        # value would stand still, then jump, and shorten whatever effort starts there)
        return np.asarray(np.interp(time_s, time_s[valid], at_valid), dtype=np.float64)
    # without times, carry the distance forward over samples without a position
    at_index = np.zeros(n)
    at_index[valid] = at_valid
    mask = np.zeros(n, dtype=bool)
    mask[valid] = True
    last = np.maximum.accumulate(np.where(mask, np.arange(n), -1))
    out = np.where(last >= 0, at_index[np.maximum(last, 0)], 0.0)
    return np.asarray(out, dtype=np.float64)


def _haversine(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def remove_spikes(
    latitude_deg: FloatArray, longitude_deg: FloatArray, time_s: FloatArray
) -> tuple[FloatArray, FloatArray, int]:
    """The track with GPS spikes set to ``NaN``, and how many were removed.

    A fix is a spike when the track reaches it or leaves it faster than
    :data:`SPIKE_SPEED_MPS` (a step of under a second counts as one second) while the
    fixes either side are within that speed of each other: a jump no runner made. Phones
    often write one stale or wild fix just before a good one, so one fast side is enough.
    Of neighbouring candidates the one whose removal shortens the track most goes first
    (the true outlier, not its neighbour), and this is repeated until none is left, so a
    spike of several fixes goes too."""
    lat = latitude_deg.copy()
    lon = longitude_deg.copy()
    removed = 0
    for _ in range(50):
        valid = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if valid.size < 3:
            break
        la, lo, t = lat[valid], lon[valid], time_s[valid]
        step = _haversine(la[:-1], lo[:-1], la[1:], lo[1:])
        fast = step / np.maximum(np.diff(t), 1.0) > SPIKE_SPEED_MPS
        bridge = _haversine(la[:-2], lo[:-2], la[2:], lo[2:])
        bridged_ok = bridge / np.maximum(t[2:] - t[:-2], 1.0) <= SPIKE_SPEED_MPS
        candidate = (fast[:-1] | fast[1:]) & bridged_ok
        if not candidate.any():
            break
        detour = np.where(candidate, step[:-1] + step[1:] - bridge, -1.0)
        before = np.concatenate(([-1.0], detour[:-1]))
        after = np.concatenate((detour[1:], [-1.0]))
        spike = candidate & (detour >= before) & (detour > after)
        hit = valid[1:-1][spike]
        lat[hit] = np.nan
        lon[hit] = np.nan
        removed += int(hit.size)
    return lat, lon, removed


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


@dataclass(frozen=True, eq=False)
class BuiltSamples:
    """Samples built from an importer's columns: ``t0`` is the time of the first sample on
    the file's clock, ``warnings`` says what was repaired."""

    samples: Samples
    t0: float
    warnings: tuple[str, ...] = ()


def _main_body(time: FloatArray) -> FloatArray:
    """``time`` with times outside the largest group (no gap over :data:`OUTLIER_GAP_S`
    between sorted times) set to ``NaN``."""
    finite = np.isfinite(time)
    values = np.sort(time[finite])
    if values.size < 2 or values[-1] - values[0] <= OUTLIER_GAP_S:
        return time
    cuts = np.flatnonzero(np.diff(values) > OUTLIER_GAP_S) + 1
    if cuts.size == 0:
        return time
    edges = np.concatenate(([0], cuts, [values.size]))
    biggest = int(np.argmax(np.diff(edges)))
    lo, hi = values[edges[biggest]], values[edges[biggest + 1] - 1]
    return np.where((time >= lo) & (time <= hi), time, np.nan)


def _drop_glitches(time: FloatArray) -> FloatArray:
    """``time`` with out-of-order times set to ``NaN``: first single times later than both
    neighbours' order allows (a forward glitch), then every time earlier than one before it
    in the file (a clock stepping back). When that would drop more than a tenth of the
    rows the file is not a clock glitch but out of order, and is left to be sorted."""
    out = time.copy()
    for _ in range(8):
        idx = np.flatnonzero(np.isfinite(out))
        t = out[idx]
        if t.size < 3:
            break
        prev, here, nxt = t[:-2], t[1:-1], t[2:]
        ahead = (prev <= nxt) & (here > nxt)
        if not ahead.any():
            break
        out[idx[1:-1][ahead]] = np.nan
    filled = np.where(np.isfinite(out), out, -np.inf)
    before = np.concatenate(([-np.inf], np.maximum.accumulate(filled)[:-1]))
    back = np.isfinite(out) & (out < before)
    if back.sum() > 0.1 * np.isfinite(time).sum():
        return time
    out[back] = np.nan
    return out


def _fill_times(
    time: FloatArray, lat: FloatArray | None, lon: FloatArray | None
) -> tuple[FloatArray, int, int]:
    """Unknown times interpolated between the nearest timed rows (along the track when
    every such row has a position, else by row number); returns the times, how many were
    filled, and how many lie outside the timed rows (left ``NaN``)."""
    finite = np.isfinite(time)
    if finite.all() or finite.sum() < 2:
        return time, 0, int((~finite).sum())
    first, last = np.flatnonzero(finite)[[0, -1]]
    inside = ~finite
    inside[:first] = False
    inside[last + 1 :] = False
    outside = int((~finite).sum() - inside.sum())
    x = np.arange(time.size, dtype=np.float64)
    if lat is not None and lon is not None:
        has_pos = np.isfinite(lat) & np.isfinite(lon)
        if has_pos[inside].all() and has_pos.sum() >= 2:
            x = track_distance_m(lat, lon) + x * 1e-6  # strictly increasing
    filled = time.copy()
    filled[inside] = np.interp(x[inside], x[finite], time[finite])
    return filled, int(inside.sum()), outside


def build_samples(
    time: FloatArray,
    columns: dict[str, FloatArray],
    *,
    pauses: tuple[tuple[float, float], ...] = (),
    timer_known: bool = False,
    breaks: tuple[int, ...] = (),
    name: str = "",
) -> BuiltSamples:
    """Samples from raw columns, in the file's row order (see the module doc).

    ``time`` is in seconds on any clock (Unix or the device's own), ``NaN`` where a row has
    none; ``columns`` maps channel names of :data:`~miler.activities.model.CHANNELS` to
    arrays of the same length; ``pauses`` are timer pauses on the same clock, and
    ``timer_known`` says the file recorded every timer start and stop; ``breaks`` are the
    rows where a new track segment starts (no distance is measured across them).
    ``time_s`` of the result counts from the first sample.
    """
    unknown = set(columns) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown sample channels {sorted(unknown)}")
    prefix = f"{name}: " if name else ""
    notes: list[str] = []
    raw = np.asarray(time, dtype=np.float64)
    cols = {key: np.asarray(values, dtype=np.float64) for key, values in columns.items()}
    ok = np.isfinite(raw)
    clean_order = bool(ok.all()) and not bool((np.diff(raw) < 0).any())
    if not clean_order or (raw.size and raw[-1] - raw[0] > OUTLIER_GAP_S):
        fixed = _main_body(raw)
        far = int((np.isfinite(raw) & ~np.isfinite(fixed)).sum())
        if far:
            notes.append(
                f"{prefix}{far} sample time(s) lie far from the rest of the recording "
                f"(more than {OUTLIER_GAP_S / 3600:.0f} h away): a clock glitch or another "
                "recording"
            )
        glitches = _drop_glitches(fixed)
        back = int((np.isfinite(fixed) & ~np.isfinite(glitches)).sum())
        if back:
            notes.append(f"{prefix}{back} sample time(s) went backwards")
        untimed = int((~ok).sum())
        if untimed:
            notes.append(f"{prefix}{untimed} point(s) without a time")
        raw, filled, outside = _fill_times(
            glitches, cols.get("latitude_deg"), cols.get("longitude_deg")
        )
        if filled:
            notes.append(
                f"{prefix}{filled} time(s) repaired by interpolation between the nearest "
                "timed points"
            )
        if outside:
            notes.append(
                f"{prefix}{outside} point(s) before the first or after the last well-timed "
                "point have no time and were left out"
            )
    keep = np.isfinite(raw)
    order = np.argsort(raw[keep], kind="stable")
    t = raw[keep][order]
    cleaned = {key: values[keep][order] for key, values in cols.items()}
    segment_of_row = np.zeros(raw.size)
    for row in breaks:
        segment_of_row[row:] += 1
    if breaks:
        cleaned["segment"] = segment_of_row[keep][order]
    merged = _merge_same_time(t, cleaned)
    t = merged.pop("time_s")
    segment = merged.pop("segment", None)
    n = t.size
    measured = False
    if n and not np.isfinite(merged.get("distance_m", np.full(n, np.nan))).any():
        lat = merged.get("latitude_deg")
        lon = merged.get("longitude_deg")
        if lat is not None and lon is not None and np.isfinite(lat).sum() >= 2:
            lat, lon, spikes = remove_spikes(lat, lon, t)
            if spikes:
                notes.append(f"{prefix}{spikes} GPS spike(s) removed from the track")
            merged["latitude_deg"], merged["longitude_deg"] = lat, lon
            merged["distance_m"] = track_distance_m(lat, lon, t, segment)
            measured = True
    t0 = float(t[0]) if n else 0.0
    shifted = tuple((a - t0, b - t0) for a, b in pauses)
    samples = Samples.from_columns(
        n, pauses=shifted, timer_known=timer_known, time_s=t - t0, **merged
    )
    if measured:
        samples = dataclasses.replace(samples, distance_m=smooth_track_distance(samples))
    return BuiltSamples(samples, t0, tuple(notes))
