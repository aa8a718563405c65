"""GPX importer: gpxpy reads the document after defusedxml has vetted it.

GPX has no laps and no distance: distance is measured along the track (haversine), heart
rate, cadence and power come from the Garmin TrackPointExtension or similar extensions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Final

import numpy as np

from miler.activities.base import DamagedFileError, NotAnActivityError
from miler.activities.model import Activity
from miler.activities.safe_xml import local_name, parse_xml, repair_xml_quirks, xml_text
from miler.activities.streams import build_samples

__all__ = ["read_gpx", "read_gpx_all"]

_EXTENSION_CHANNELS: Final = {
    "hr": "heart_rate_bpm",
    "heartrate": "heart_rate_bpm",
    "cad": "cadence_rpm",
    "cadence": "cadence_rpm",
    "power": "power_w",
    "speed": "speed_mps",
}
_RUN_TYPES: Final = {"running", "run", "9", "trail_running", "trailrunning", "treadmill_running"}
_RIDE_TYPES: Final = {"cycling", "ride", "biking", "1", "road_biking", "mountain_biking"}


def _sport(track_types: list[str]) -> str:
    for kind in track_types:
        key = kind.strip().lower().replace(" ", "_")
        if key in _RUN_TYPES:
            return "running"
        if key in _RIDE_TYPES:
            return "cycling"
    return "generic"


def _extension_values(point: Any) -> dict[str, float]:
    values: dict[str, float] = {}
    for extension in point.extensions:
        for element in extension.iter():
            channel = _EXTENSION_CHANNELS.get(local_name(element.tag).lower())
            if channel and element.text:
                try:
                    values[channel] = float(element.text)
                except ValueError:
                    continue
    return values


def _parse(text: str, name: str) -> Any:
    import gpxpy
    import gpxpy.gpx

    try:
        return gpxpy.parse(text)
    except gpxpy.gpx.GPXException as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DamagedFileError(f"{name}: invalid GPX ({message})") from None
    except (ValueError, TypeError, LookupError, AttributeError, IndexError) as error:
        raise DamagedFileError(f"{name}: invalid GPX value ({error})") from None


def read_gpx(data: bytes, name: str) -> Activity:
    """The first activity in the GPX bytes ``data`` (``name`` is used in messages); the
    others, when the file holds several tracks, are named in a warning."""
    activities = read_gpx_all(data, name)
    first = activities[0]
    if len(activities) == 1:
        return first
    note = (
        f"{name}: the file holds {len(activities)} separate tracks (activities); this is the first"
    )
    return dataclasses.replace(first, warnings=(note, *first.warnings))


def read_gpx_all(data: bytes, name: str) -> tuple[Activity, ...]:
    """Every activity in the GPX bytes ``data``: one per ``<trk>`` with timed points.

    A break between segments of a track is a pause (the gap is never distance), points
    without a time are interpolated along the track, and known lossless quirks are
    repaired with a warning (:func:`~miler.activities.safe_xml.repair_xml_quirks`)."""
    text, repairs = repair_xml_quirks(xml_text(data, name), name)
    root = parse_xml(text.encode("utf-8"), name)
    if local_name(root.tag) != "gpx":
        raise DamagedFileError(
            f"{name}: not a GPX document (its root element is <{local_name(root.tag)}>)"
        )
    gpx = _parse(text, name)
    sport = _sport([t.type for t in gpx.tracks if t.type])
    found: list[Activity] = []
    number = 0
    untimed: list[int] = []  # points of tracks without times
    for track in gpx.tracks:
        rows: list[tuple[float, float, float, float, dict[str, float]]] = []
        breaks: list[int] = []
        for segment in track.segments:
            if rows and segment.points:
                breaks.append(len(rows))
            for point in segment.points:
                number += 1
                rows.append(_row(point, number, name))
        if not rows:
            continue
        activity = _activity(
            rows, breaks, name, sport if not track.type else _sport([track.type]), gpx
        )
        if activity is None:
            untimed.append(len(rows))
            continue
        found.append(activity)
    if not found:
        if number == 0:
            raise NotAnActivityError(
                f"{name}: the GPX file has no track points (a route or waypoints only), "
                "so there is no recorded activity to analyse"
            )
        raise NotAnActivityError(
            f"{name}: the GPX track has no times, so it is a drawn route, not a recorded activity"
        )
    if untimed:
        repairs.append(
            f"{name}: {len(untimed)} track(s) without times skipped ({sum(untimed)} points): "
            "a drawn route is no recorded activity"
        )
    if repairs:
        found[0] = dataclasses.replace(found[0], warnings=(*repairs, *found[0].warnings))
    return tuple(found)


def _activity(
    rows: list[tuple[float, float, float, float, dict[str, float]]],
    breaks: list[int],
    name: str,
    sport: str,
    gpx: Any,
) -> Activity | None:
    time = np.array([r[0] for r in rows])
    if np.isfinite(time).sum() < 2:
        return None
    columns: dict[str, Any] = {
        "latitude_deg": np.array([r[1] for r in rows]),
        "longitude_deg": np.array([r[2] for r in rows]),
        "altitude_m": np.array([r[3] for r in rows]),
    }
    for channel in sorted(set(_EXTENSION_CHANNELS.values())):
        columns[channel] = np.array([r[4].get(channel, np.nan) for r in rows])
    pauses = _segment_pauses(time, breaks)
    built = build_samples(time, columns, pauses=pauses, breaks=tuple(breaks), name=name)
    return Activity(
        sport=sport,
        start=dt.datetime.fromtimestamp(built.t0, tz=dt.UTC),
        samples=built.samples,
        device=gpx.creator or None,
        source_format="gpx",
        warnings=built.warnings,
    )


def _segment_pauses(time: np.ndarray, breaks: list[int]) -> tuple[tuple[float, float], ...]:
    """A pause from the last timed point of a segment to the first timed point of the next."""
    out = []
    for b in breaks:
        before = time[:b][np.isfinite(time[:b])]
        after = time[b:][np.isfinite(time[b:])]
        if before.size and after.size and after[0] > before[-1]:
            out.append((float(before[-1]), float(after[0])))
    return tuple(out)


def _row(point: Any, number: int, name: str) -> tuple[float, float, float, float, dict[str, float]]:
    lat, lon = point.latitude, point.longitude
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DamagedFileError(
            f"{name}: track point {number} has an invalid position (lat={lat}, lon={lon}); "
            "latitude must be within ±90 and longitude within ±180 degrees"
        )
    when = point.time
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    time = when.timestamp() if when is not None else math.nan
    altitude = float(point.elevation) if point.elevation is not None else math.nan
    return time, float(lat), float(lon), altitude, _extension_values(point)
