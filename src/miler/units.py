"""Distances, times and paces: parsing what a runner types, and formatting for display.

Everything inside miler is SI (metres, seconds, metres per second); this module is
where text like ``4:05.3``, ``5k`` or ``7:30/mi`` becomes numbers and back. It also holds
the unit conventions runners convert between: 1600 m and 1500 m ⇄ mile (R-G3, with the
Riegel 1981 baseline), track lane lengths (World Athletics facilities geometry), treadmill
incline equivalence (Jones & Doust 1996, R-G21) and pace units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

from miler.errors import InvalidDistanceError, InvalidInputError, InvalidTimeError

__all__ = [
    "DISTANCES",
    "GPS_PACE_TOLERANCE",
    "HALF_MARATHON_M",
    "JONES_DOUST_SPEED_RANGE",
    "KM_M",
    "LANE_WIDTH_M",
    "MARATHON_M",
    "MILE_M",
    "RIEGEL_EXPONENT",
    "TreadmillEquivalent",
    "event_name",
    "format_pace",
    "format_time",
    "lane_distance_m",
    "lane_lap_m",
    "lane_stagger_m",
    "mile_from_1500",
    "mile_from_1600",
    "pace_s_per_km",
    "pace_s_per_mile",
    "parse_distance",
    "parse_pace",
    "parse_result",
    "parse_time",
    "riegel_convert",
    "speed_in_units",
    "time_for_1500_from_mile",
    "time_for_1600_from_mile",
    "treadmill_equivalent",
    "treadmill_mile_counts",
    "treadmill_speed_for_outdoor",
]

MILE_M: Final = 1609.344
"""One international mile in metres (exact, by the 1959 agreement)."""
GPS_PACE_TOLERANCE: Final = 0.03
"""How far a pace measured by GPS alone may stray and still count as on target: ±3%
(training rules R-G11 and R-G12). The one definition planning, workouts, the validator,
exports and activity matching share."""
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


_TIME_RE: Final = re.compile(r"^(?:([0-9]+):)?(?:([0-9]+):)?([0-9]+(?:\.[0-9]+)?)$")
_SECONDS_RE: Final = re.compile(r"^[0-9]+(?:\.[0-9]+)?s$")
_ACCEPTED_TIMES: Final = "use m:ss, m:ss.s, h:mm:ss or a number of seconds like 245s"


def parse_time(text: str) -> float:
    """Return the seconds in a time like ``4:05``, ``4:05.3``, ``1:02:03``, ``245s`` or ``245``.

    Minutes and seconds after the first field must be below 60, so ``6:75`` is an error.
    """
    raw = text.strip().lower()
    if _SECONDS_RE.match(raw):
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
            if not math.isfinite(value) or value <= 0:
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


# --- race-distance conversions (R-G3) -------------------------------------------------

RIEGEL_EXPONENT: Final = 1.06
"""Riegel 1981 fatigue exponent, the transparent R-G4 baseline."""


def riegel_convert(
    time_s: float, from_m: float, to_m: float, exponent: float = RIEGEL_EXPONENT
) -> float:
    """Equivalent time in seconds over ``to_m`` metres of ``time_s`` seconds over ``from_m``.

    Riegel 1981 (American Scientist 69:285-290): T2 = T1·(D2/D1)^b, b = 1.06, distances in
    any one unit, times in seconds. Published check (R-F3.2): 5 km in 24:51 → mile ≈ 7:28.
    """
    if min(time_s, from_m, to_m) <= 0 or not math.isfinite(time_s * from_m * to_m):
        raise InvalidInputError("time and distances must be positive to convert by Riegel")
    ratio: float = (to_m / from_m) ** exponent
    return time_s * ratio


def mile_from_1600(time_s: float) -> float:
    """A 1600 m time scaled to the mile by distance: ×1609.344/1600 (R-G3, even pace)."""
    return time_s * MILE_M / 1600.0


def time_for_1600_from_mile(mile_s: float) -> float:
    """The 1600 m time at the pace of a mile of ``mile_s`` seconds (inverse of R-G3)."""
    return mile_s * 1600.0 / MILE_M


def mile_from_1500(time_s: float) -> float:
    """A 1500 m time converted to the mile by Riegel 1981 (×(1609.344/1500)^1.06 ≈ 1.0775;
    R-G3)."""
    return riegel_convert(time_s, 1500.0, MILE_M)


def time_for_1500_from_mile(mile_s: float) -> float:
    """The 1500 m equivalent of a mile of ``mile_s`` seconds by Riegel 1981."""
    return riegel_convert(mile_s, MILE_M, 1500.0)


# --- track lanes -------------------------------------------------------------------------

LANE_WIDTH_M: Final = 1.22
"""Lane width of a standard 400 m track (World Athletics Track and Field Facilities
Manual, 2008 ed., §2.2: 1.22 m ± 0.01 m including the 50 mm line on the right)."""

_KERB_LINE_M: Final = 0.30
_PAINTED_LINE_M: Final = 0.20
_TRACK_LAP_M: Final = 400.0
_MAX_LANES: Final = 9


def lane_lap_m(lane: int, kerb: bool = True) -> float:
    """Length in metres of one lap in ``lane`` (1-9) of a standard 400 m track.

    World Athletics Track and Field Facilities Manual (2008), §2.2: lane 1 is measured
    0.30 m from a raised kerb (0.20 m from a painted inner line), other lanes 0.20 m from
    the outer edge of the line on their left; lanes are 1.22 m wide. Each bend radius grows
    by the offset, so a lap in lane n is 400 + 2π·((n−1)·1.22 − 0.10) m with a kerb
    (lane 2: 407.04 m; lane 8: 453.03 m) and 400 + 2π·(n−1)·1.22 m without.
    """
    if not isinstance(lane, int) or not 1 <= lane <= _MAX_LANES:
        raise InvalidInputError(f"lane {lane!r} does not exist: use a lane from 1 to {_MAX_LANES}")
    if lane == 1:
        return _TRACK_LAP_M
    lane1_offset = _KERB_LINE_M if kerb else _PAINTED_LINE_M
    extra_radius = (lane - 1) * LANE_WIDTH_M + _PAINTED_LINE_M - lane1_offset
    return _TRACK_LAP_M + 2.0 * math.pi * extra_radius


def lane_distance_m(distance_m: float, lane: int, kerb: bool = True) -> float:
    """Metres actually run when covering ``distance_m`` of lane-1 laps in ``lane``.

    Exact for whole laps (the extra distance is all on the bends); for part laps it assumes
    the same share of bend as a whole lap.
    """
    if not math.isfinite(distance_m) or distance_m <= 0:
        raise InvalidInputError(f"distance {distance_m!r} m must be positive")
    return distance_m * lane_lap_m(lane, kerb) / _TRACK_LAP_M


def lane_stagger_m(lane: int, bends: int = 2, kerb: bool = True) -> float:
    """Stagger in metres of ``lane`` over ``bends`` bends (2 for a 400 m, 1 for a 200 m)."""
    if bends not in (1, 2, 3, 4):
        raise InvalidInputError(f"a race in lanes has 1 to 4 bends, not {bends!r}")
    return (lane_lap_m(lane, kerb) - _TRACK_LAP_M) * bends / 2.0


# --- treadmill (R-G21) ---------------------------------------------------------------------

JONES_DOUST_SPEED_RANGE: Final = (2.92, 5.0)
"""Speeds in m/s where a 1 % treadmill grade matched the energy cost of flat outdoor running
(Jones & Doust 1996, J Sports Sci 14:321-327); ≈ 9:11 to 5:22 per mile."""

_ACSM_HORIZONTAL: Final = 0.2
_ACSM_VERTICAL: Final = 0.9
_OUTDOOR_GRADE: Final = 0.01


@dataclass(frozen=True)
class TreadmillEquivalent:
    """A treadmill speed and incline with the flat outdoor speed of the same energy cost."""

    treadmill_speed: float
    incline_pct: float
    outdoor_speed: float
    in_validated_range: bool


def _cost_per_speed(incline_pct: float) -> float:
    return _ACSM_HORIZONTAL + _ACSM_VERTICAL * incline_pct / 100.0


def _check_incline(incline_pct: float) -> None:
    if not math.isfinite(incline_pct) or not 0.0 <= incline_pct <= 15.0:
        raise InvalidInputError(f"incline {incline_pct!r} % is outside 0-15 %")


def treadmill_equivalent(speed_mps: float, incline_pct: float) -> TreadmillEquivalent:
    """Flat outdoor speed whose energy cost equals treadmill running at ``speed_mps`` m/s and
    ``incline_pct`` % grade.

    Cost model: ACSM running equation (ACSM's Guidelines for Exercise Testing and
    Prescription, 10th ed. 2018): VO2 = 0.2·v + 0.9·v·grade + 3.5 ml/kg/min (v in m/min,
    grade as a fraction). Outdoor air resistance is taken as a 1 % grade (Jones & Doust
    1996), so v_outdoor = v·(0.2 + 0.9·grade)/(0.2 + 0.009). At 1 % the speeds are equal;
    ``in_validated_range`` says whether the speed lies in Jones & Doust's 2.92–5.0 m/s.
    """
    if not math.isfinite(speed_mps) or speed_mps <= 0:
        raise InvalidInputError(f"treadmill speed {speed_mps!r} m/s must be positive")
    _check_incline(incline_pct)
    outdoor = speed_mps * _cost_per_speed(incline_pct) / _cost_per_speed(100 * _OUTDOOR_GRADE)
    lo, hi = JONES_DOUST_SPEED_RANGE
    return TreadmillEquivalent(
        treadmill_speed=speed_mps,
        incline_pct=incline_pct,
        outdoor_speed=outdoor,
        in_validated_range=lo <= speed_mps <= hi,
    )


def treadmill_speed_for_outdoor(outdoor_speed_mps: float, incline_pct: float = 1.0) -> float:
    """Treadmill speed in m/s at ``incline_pct`` % that costs the same as ``outdoor_speed_mps``
    on the flat (inverse of :func:`treadmill_equivalent`)."""
    if not math.isfinite(outdoor_speed_mps) or outdoor_speed_mps <= 0:
        raise InvalidInputError(f"outdoor speed {outdoor_speed_mps!r} m/s must be positive")
    _check_incline(incline_pct)
    return outdoor_speed_mps * _cost_per_speed(100 * _OUTDOOR_GRADE) / _cost_per_speed(incline_pct)


def treadmill_mile_counts(speed_mps: float, incline_pct: float) -> bool:
    """R-G21: a treadmill mile counts toward the best only at ≥1 % incline within
    Jones & Doust's 2.92–5.0 m/s."""
    lo, hi = JONES_DOUST_SPEED_RANGE
    return incline_pct >= 1.0 and lo <= speed_mps <= hi


# --- pace units -------------------------------------------------------------------------------


def speed_in_units(speed_mps: float) -> dict[str, float]:
    """One speed in every unit runners use: s/km, s/mi, s/400m, km/h, mph, m/s."""
    if not math.isfinite(speed_mps) or speed_mps <= 0:
        raise InvalidInputError(f"speed {speed_mps!r} m/s must be positive")
    return {
        "s_per_km": KM_M / speed_mps,
        "s_per_mi": MILE_M / speed_mps,
        "s_per_400m": 400.0 / speed_mps,
        "km_per_h": speed_mps * 3.6,
        "mph": speed_mps * 3600.0 / MILE_M,
        "m_per_s": speed_mps,
    }
