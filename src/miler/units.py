"""Distances, times and paces: parsing what a runner types, and formatting for display.

Everything inside miler is SI (metres, seconds, metres per second); this module is
where text like ``4:05.3``, ``5k`` or ``7:30/mi`` becomes numbers and back.
"""

from __future__ import annotations

import math
import re
from typing import Final

from miler.errors import InvalidDistanceError, InvalidInputError, InvalidTimeError

__all__ = [
    "DISTANCES",
    "HALF_MARATHON_M",
    "KM_M",
    "MARATHON_M",
    "MILE_M",
    "event_name",
    "format_pace",
    "format_time",
    "pace_s_per_km",
    "pace_s_per_mile",
    "parse_distance",
    "parse_pace",
    "parse_result",
    "parse_time",
]

MILE_M: Final = 1609.344
"""One international mile in metres (exact, by the 1959 agreement)."""
KM_M: Final = 1000.0
MARATHON_M: Final = 42195.0
HALF_MARATHON_M: Final = 21097.5

#: Named distances in metres, keyed by their canonical short name.
DISTANCES: Final[dict[str, float]] = {
    "100m": 100.0,
    "200m": 200.0,
    "300m": 300.0,
    "400m": 400.0,
    "600m": 600.0,
    "800m": 800.0,
    "1000m": 1000.0,
    "1200m": 1200.0,
    "1500m": 1500.0,
    "1600m": 1600.0,
    "mile": MILE_M,
    "2000m": 2000.0,
    "1.5mi": 1.5 * MILE_M,
    "3000m": 3000.0,
    "3200m": 3200.0,
    "2mi": 2 * MILE_M,
    "3mi": 3 * MILE_M,
    "5k": 5000.0,
    "8k": 8000.0,
    "5mi": 5 * MILE_M,
    "10k": 10000.0,
    "15k": 15000.0,
    "10mi": 10 * MILE_M,
    "20k": 20000.0,
    "half": HALF_MARATHON_M,
    "25k": 25000.0,
    "30k": 30000.0,
    "marathon": MARATHON_M,
}

_ALIASES: Final[dict[str, str]] = {
    "1mi": "mile",
    "1mile": "mile",
    "mi": "mile",
    "1609m": "mile",
    "1609.344m": "mile",
    "2mile": "2mi",
    "2miles": "2mi",
    "3mile": "3mi",
    "3miles": "3mi",
    "1.5mile": "1.5mi",
    "1.5miles": "1.5mi",
    "5000m": "5k",
    "5km": "5k",
    "8000m": "8k",
    "8km": "8k",
    "10000m": "10k",
    "10km": "10k",
    "15km": "15k",
    "20km": "20k",
    "25km": "25k",
    "30km": "30k",
    "1k": "1000m",
    "1km": "1000m",
    "2k": "2000m",
    "2km": "2000m",
    "3k": "3000m",
    "3km": "3000m",
    "5miles": "5mi",
    "10miles": "10mi",
    "halfmarathon": "half",
    "half-marathon": "half",
    "hm": "half",
    "21.1k": "half",
    "mar": "marathon",
    "42.195k": "marathon",
    "42k": "marathon",
}

_DISTANCE_RE: Final = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|km|k|mi|mile|miles)$")
_UNIT_M: Final[dict[str, float]] = {
    "m": 1.0,
    "km": 1000.0,
    "k": 1000.0,
    "mi": MILE_M,
    "mile": MILE_M,
    "miles": MILE_M,
}

_ACCEPTED_DISTANCES: Final = (
    "e.g. 400m, 800m, 1500m, 1600m, mile, 1mi, 2mi, 3000m, 5k, 10k, half, marathon, "
    "or a number with m, km or mi"
)


def parse_distance(text: str) -> float:
    """Return the distance in metres named by ``text`` (``'5k'``, ``'mile'``, ``'1500m'``...)."""
    key = text.strip().lower().replace(" ", "")
    key = _ALIASES.get(key, key)
    if key in DISTANCES:
        return DISTANCES[key]
    match = _DISTANCE_RE.match(key)
    if match:
        metres = float(match.group(1)) * _UNIT_M[match.group(2)]
        if metres > 0:
            return metres
    raise InvalidDistanceError(f"unknown distance {text!r}: use {_ACCEPTED_DISTANCES}")


def event_name(distance_m: float) -> str:
    """The canonical short name of a distance (``'mile'``, ``'5k'``), or ``'<n>m'``."""
    for name, metres in DISTANCES.items():
        if math.isclose(metres, distance_m, rel_tol=0, abs_tol=0.01):
            return name
    if distance_m >= 1000 and distance_m % 1000 == 0:
        return f"{distance_m / 1000:g}k"
    return f"{distance_m:g}m"


_TIME_RE: Final = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$")
_ACCEPTED_TIMES: Final = "use m:ss, m:ss.s, h:mm:ss or a number of seconds like 245s"


def parse_time(text: str) -> float:
    """Return the seconds in a time like ``4:05``, ``4:05.3``, ``1:02:03``, ``245s`` or ``245``.

    Minutes and seconds after the first field must be below 60, so ``6:75`` is an error.
    """
    raw = text.strip().lower()
    if raw.endswith("s") and raw[:-1].replace(".", "", 1).isdigit():
        seconds = float(raw[:-1])
        if seconds > 0:
            return seconds
        raise InvalidTimeError(f"time {text!r} must be more than zero: {_ACCEPTED_TIMES}")
    match = _TIME_RE.match(raw)
    if not match:
        raise InvalidTimeError(f"cannot read the time {text!r}: {_ACCEPTED_TIMES}")
    first, second, last = match.groups()
    if first is None:
        total = float(last)
    else:
        if float(last) >= 60:
            raise InvalidTimeError(
                f"cannot read the time {text!r}: seconds must be below 60; {_ACCEPTED_TIMES}"
            )
        if second is None:
            total = int(first) * 60 + float(last)
        else:
            if int(second) >= 60:
                raise InvalidTimeError(
                    f"cannot read the time {text!r}: minutes must be below 60; {_ACCEPTED_TIMES}"
                )
            total = int(first) * 3600 + int(second) * 60 + float(last)
    if total <= 0:
        raise InvalidTimeError(f"time {text!r} must be more than zero: {_ACCEPTED_TIMES}")
    return total


def format_time(seconds: float, decimals: int = 1) -> str:
    """Format seconds as ``m:ss.s`` or ``h:mm:ss.s``; ``decimals=0`` rounds to whole seconds."""
    if not math.isfinite(seconds) or seconds < 0:
        raise InvalidInputError(f"cannot format {seconds!r} as a time")
    scale = 10**decimals
    ticks = round(seconds * scale)
    whole, frac = divmod(ticks, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    frac_text = f".{frac:0{decimals}d}" if decimals > 0 else ""
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}{frac_text}"
    return f"{minutes}:{secs:02d}{frac_text}"


def pace_s_per_km(speed_mps: float) -> float:
    """Seconds per kilometre at ``speed_mps`` metres per second."""
    return KM_M / speed_mps


def pace_s_per_mile(speed_mps: float) -> float:
    """Seconds per mile at ``speed_mps`` metres per second."""
    return MILE_M / speed_mps


_PACE_UNITS: Final[dict[str, float]] = {
    "km": KM_M,
    "mi": MILE_M,
    "mile": MILE_M,
    "400m": 400.0,
    "400": 400.0,
    "lap": 400.0,
}


def parse_pace(text: str) -> float:
    """Return the speed in m/s of a pace like ``7:30/mi``, ``4:40/km``, ``90/400m``,
    or a speed like ``12km/h`` or ``8mph``."""
    raw = text.strip().lower().replace(" ", "")
    for suffix, factor in (("km/h", 1000 / 3600), ("kph", 1000 / 3600), ("mph", MILE_M / 3600)):
        if raw.endswith(suffix):
            try:
                value = float(raw[: -len(suffix)])
            except ValueError:
                break
            if value <= 0:
                break
            return value * factor
    if "/" in raw:
        time_text, unit = raw.split("/", 1)
        if unit in _PACE_UNITS:
            return _PACE_UNITS[unit] / parse_time(time_text)
    raise InvalidInputError(
        f"cannot read the pace {text!r}: use e.g. 7:30/mi, 4:40/km, 90/400m, 12km/h or 8mph"
    )


def format_pace(speed_mps: float, per: str = "mi", decimals: int = 0) -> str:
    """Format a speed as a pace per ``per`` (``'mi'``, ``'km'`` or ``'400m'``), e.g. ``7:30/mi``."""
    if speed_mps <= 0 or not math.isfinite(speed_mps):
        raise InvalidInputError(f"cannot format a speed of {speed_mps!r} m/s as a pace")
    metres = _PACE_UNITS[per]
    return f"{format_time(metres / speed_mps, decimals)}/{per}"


def parse_result(text: str) -> tuple[float, float]:
    """Parse ``EVENT=TIME`` (e.g. ``mile=5:30``, ``5k=21:40``) into (metres, seconds)."""
    if "=" not in text:
        raise InvalidInputError(
            f"cannot read the result {text!r}: write it as EVENT=TIME, e.g. mile=5:30 or 5k=21:40"
        )
    event, time_text = text.split("=", 1)
    return parse_distance(event), parse_time(time_text)
