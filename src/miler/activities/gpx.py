"""GPX importer: gpxpy reads the document after defusedxml has vetted it.

GPX has no laps and no distance: distance is measured along the track (haversine), heart
rate, cadence and power come from the Garmin TrackPointExtension or similar extensions.
"""

from __future__ import annotations

import math
from typing import Any, Final

import numpy as np

from miler.activities.base import DamagedFileError, NotAnActivityError
from miler.activities.model import Activity
from miler.activities.safe_xml import local_name, parse_xml, xml_text
from miler.activities.streams import build_samples

__all__ = ["read_gpx"]

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
    """The activity in the GPX bytes ``data`` (``name`` is used in messages)."""
    text = xml_text(data, name)
    root = parse_xml(data, name)
    if local_name(root.tag) != "gpx":
        raise DamagedFileError(
            f"{name}: not a GPX document (its root element is <{local_name(root.tag)}>)"
        )
    gpx = _parse(text, name)
    rows: list[tuple[float, float, float, float, dict[str, float]]] = []
    number = 0
    for track in gpx.tracks:
        for segment in track.segments:
            for point in segment.points:
                number += 1
                rows.append(_row(point, number, name))
    if not rows:
        raise NotAnActivityError(
            f"{name}: the GPX file has no track points (a route or waypoints only), "
            "so there is no recorded activity to analyse"
        )
    timed = [row for row in rows if math.isfinite(row[0])]
    if len(timed) < 2:
        raise NotAnActivityError(
            f"{name}: the GPX track has no times, so it is a drawn route, not a recorded activity"
        )
    time = np.array([r[0] for r in timed])
    columns: dict[str, Any] = {
        "latitude_deg": np.array([r[1] for r in timed]),
        "longitude_deg": np.array([r[2] for r in timed]),
        "altitude_m": np.array([r[3] for r in timed]),
    }
    for channel in sorted(set(_EXTENSION_CHANNELS.values())):
        columns[channel] = np.array([r[4].get(channel, np.nan) for r in timed])
    samples, t0 = build_samples(time, columns)
    import datetime as dt

    return Activity(
        sport=_sport([t.type for t in gpx.tracks if t.type]),
        start=dt.datetime.fromtimestamp(t0, tz=dt.UTC),
        samples=samples,
        device=gpx.creator or None,
        source_format="gpx",
    )


def _row(point: Any, number: int, name: str) -> tuple[float, float, float, float, dict[str, float]]:
    lat, lon = point.latitude, point.longitude
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DamagedFileError(
            f"{name}: track point {number} has an invalid position (lat={lat}, lon={lon}); "
            "latitude must be within ±90 and longitude within ±180 degrees"
        )
    when = point.time
    if when is not None and when.tzinfo is None:
        import datetime as dt

        when = when.replace(tzinfo=dt.UTC)
    time = when.timestamp() if when is not None else math.nan
    altitude = float(point.elevation) if point.elevation is not None else math.nan
    return time, float(lat), float(lon), altitude, _extension_values(point)
