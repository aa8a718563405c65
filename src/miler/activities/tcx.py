"""TCX importer (Garmin Training Center XML), parsed with defusedxml's ElementTree.

No third-party TCX reader is used: the format is small, and reading it through defusedxml
keeps entity attacks out. Laps carry the device's own totals; trackpoints give time,
position, altitude, distance, heart rate, cadence, and speed/power from the ``TPX``
extension.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Final

import numpy as np

from miler.activities.base import ActivityFormatError, DamagedFileError, NotAnActivityError
from miler.activities.model import Activity, Lap
from miler.activities.safe_xml import (
    local_name,
    parse_xml,
    parse_xml_time,
    repair_xml_quirks,
    xml_text,
)
from miler.activities.streams import build_samples

__all__ = ["read_tcx", "read_tcx_all"]

#: trackpoint child (local name) -> channel; nested values are found by their own name
_POINT_CHANNELS: Final = {
    "LatitudeDegrees": "latitude_deg",
    "LongitudeDegrees": "longitude_deg",
    "AltitudeMeters": "altitude_m",
    "DistanceMeters": "distance_m",
    "Cadence": "cadence_rpm",
    "RunCadence": "cadence_rpm",
    "Speed": "speed_mps",
    "Watts": "power_w",
}
_MINIMUM: Final = {"AltitudeMeters": -500.0, "LatitudeDegrees": -90.0, "LongitudeDegrees": -180.0}
_SPORTS: Final = {"running": "running", "biking": "cycling", "other": "generic"}


def _children(element: Any) -> dict[str, Any]:
    return {local_name(child.tag): child for child in element}


def _float(text: str | None, name: str, where: str, *, minimum: float | None = None) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        raise DamagedFileError(f"{name}: {where}: {text!r} is not a number") from None
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        raise DamagedFileError(f"{name}: {where}: {value} is out of range")
    return value


def _point(point: Any, number: int, name: str) -> tuple[float, dict[str, float]]:
    where = f"trackpoint {number}"
    values: dict[str, float] = {}
    when = math.nan
    for element in point.iter():
        tag = local_name(element.tag)
        if tag == "Time":
            when = parse_xml_time(element.text, name, where).timestamp()
        elif tag == "HeartRateBpm":
            value = _children(element).get("Value")
            if value is not None:
                values["heart_rate_bpm"] = _float(
                    value.text, name, f"{where} heart rate", minimum=0
                )
        elif tag in _POINT_CHANNELS and element.text and element.text.strip():
            minimum = _MINIMUM.get(tag, 0.0)
            values[_POINT_CHANNELS[tag]] = _float(
                element.text, name, f"{where} {tag}", minimum=minimum
            )
    return when, values


def _lap(element: Any, t0: float, name: str, number: int) -> Lap:
    fields = _children(element)
    where = f"lap {number}"
    start = parse_xml_time(element.get("StartTime"), name, where).timestamp()

    def number_of(tag: str) -> float | None:
        child = fields.get(tag)
        if child is None:
            return None
        if tag.endswith("HeartRateBpm"):
            child = _children(child).get("Value")
            if child is None:
                return None
        return _float(child.text, name, f"{where} {tag}", minimum=0)

    total = number_of("TotalTimeSeconds")
    intensity = fields.get("Intensity")
    trigger = fields.get("TriggerMethod")
    return Lap(
        start_s=start - t0,
        elapsed_s=total if total is not None else 0.0,
        timer_s=total,
        distance_m=number_of("DistanceMeters"),
        avg_heart_rate_bpm=number_of("AverageHeartRateBpm"),
        max_heart_rate_bpm=number_of("MaximumHeartRateBpm"),
        intensity=(intensity.text or "").strip().lower() or None if intensity is not None else None,
        trigger=(trigger.text or "").strip().lower() or None if trigger is not None else None,
    )


def _with_elapsed(laps: list[Lap], last_s: float) -> tuple[Lap, ...]:
    """Laps whose elapsed time runs to the next lap's start (to the last sample for the
    last lap): TCX only gives TotalTimeSeconds, the timer time, which excludes pauses."""
    out = []
    for i, lap in enumerate(laps):
        end = laps[i + 1].start_s if i + 1 < len(laps) else max(last_s, lap.start_s + lap.elapsed_s)
        out.append(dataclasses.replace(lap, elapsed_s=max(end - lap.start_s, 0.0)))
    return tuple(out)


def read_tcx(data: bytes, name: str) -> Activity:
    """The first activity in the TCX bytes ``data`` (``name`` is used in messages); the
    others, when the file holds several, are named in a warning."""
    activities = read_tcx_all(data, name)
    first = activities[0]
    if len(activities) == 1:
        return first
    note = f"{name}: the file holds {len(activities)} activities; this is the first"
    return dataclasses.replace(first, warnings=(note, *first.warnings))


def read_tcx_all(data: bytes, name: str) -> tuple[Activity, ...]:
    """Every activity with timed trackpoints in the TCX bytes ``data``."""
    try:
        text, repairs = repair_xml_quirks(xml_text(data, name), name)
    except DamagedFileError:  # not UTF-8: the XML declaration names its encoding
        text, repairs = "", []
    root = parse_xml(text.encode("utf-8") if repairs else data, name)
    if local_name(root.tag) != "TrainingCenterDatabase":
        kind = "a GPX document" if local_name(root.tag) == "gpx" else f"<{local_name(root.tag)}>"
        raise ActivityFormatError(
            f"{name}: not a TCX file: it holds {kind}; rename it to match its content "
            "(.gpx for GPX) or export TCX from your device's app"
        )
    elements = [e for e in root.iter() if local_name(e.tag) == "Activity"]
    if not elements:
        raise NotAnActivityError(f"{name}: the TCX file holds no <Activity> (a course or workout?)")
    found = [a for a in (_activity(e, name) for e in elements) if a is not None]
    if not found:
        raise NotAnActivityError(f"{name}: the TCX activity has no timed trackpoints")
    if repairs:
        found[0] = dataclasses.replace(found[0], warnings=(*repairs, *found[0].warnings))
    return tuple(found)


def _activity(activity: Any, name: str) -> Activity | None:
    times: list[float] = []
    rows: list[dict[str, float]] = []
    number = 0
    tracks = [e for e in activity.iter() if local_name(e.tag) == "Track"]
    for track in tracks:
        for point in (e for e in track if local_name(e.tag) == "Trackpoint"):
            number += 1
            when, values = _point(point, number, name)
            times.append(when)
            rows.append(values)
    time = np.array(times, dtype=np.float64)
    if np.isfinite(time).sum() < 1:
        return None
    channels = sorted({key for row in rows for key in row})
    columns = {key: np.array([row.get(key, np.nan) for row in rows]) for key in channels}
    # a new <Track> often starts at a lap without any pause: TCX pauses are told by the
    # gaps in the samples (motion.paused_intervals), not by its track breaks
    built = build_samples(time, columns, name=name)
    samples, t0 = built.samples, built.t0
    if len(samples) == 0:
        return None
    laps = _with_elapsed(
        [
            _lap(element, t0, name, i + 1)
            for i, element in enumerate(e for e in activity if local_name(e.tag) == "Lap")
        ],
        float(samples.time_s[-1]),
    )
    creator = _children(activity).get("Creator")
    device_name = _children(creator).get("Name") if creator is not None else None
    return Activity(
        sport=_SPORTS.get((activity.get("Sport") or "").lower(), "generic"),
        start=dt.datetime.fromtimestamp(t0, tz=dt.UTC),
        samples=samples,
        laps=laps,
        device=(device_name.text or "").strip() or None if device_name is not None else None,
        source_format="tcx",
        warnings=built.warnings,
    )
