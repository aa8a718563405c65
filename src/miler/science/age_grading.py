"""Age grading: how good a time is for the runner's age and sex (R-F1.1, R-F1.2, R-G2).

Grade % = age standard ÷ time × 100, where the age standard is the open-class (peak-age)
standard divided by the age factor: ``age_standard = open_standard / factor(age, sex, event)``.

Tables (shipped in ``miler/data/age_grading``, rebuilt by ``scripts/build_age_tables.py``):

* **track**: World Masters Athletics 2023 factors (as published in openath/athlib,
  Apache-2.0), 400 m ... 10000 m including the mile, ages 5-110. R-G2 asks for the current
  WMA edition for the mile.
* **road**: USATF Masters Long Distance Running 2025 standards by Alan Jones (CC0-1.0),
  road mile ... marathon, ages 5-99.

Ages are whole years on race day (a fractional age is floored). A distance between two
events of a table gets its age standard by log-distance interpolation of the neighbouring
age standards, the scheme Alan Jones uses to build the 2025 road tables (``S = S1·(1−u) +
S2·u`` with ``u = ln(d/d1)/ln(d2/d1)``; 2025 Files/Readme.txt); such grades are flagged
``interpolated``.

Bands (R-G2, a project choice): ≥100 % world-record level, ≥90 % world class, ≥80 % national
class, ≥70 % regional class, ≥60 % local class, below 60 % "developing" (miler's label).
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final, Literal

from miler.errors import InvalidDistanceError, InvalidInputError, OutOfRangeError

__all__ = [
    "BANDS",
    "AgeGrade",
    "AgeStandard",
    "age_grade",
    "age_grade_both_sexes",
    "age_standard",
    "grade_band",
    "normalise_sex",
    "table_events",
    "time_for_grade",
]

Sex = Literal["M", "F"]
Surface = Literal["track", "road"]

#: (lowest grade %, band name), best first (R-G2).
BANDS: Final[tuple[tuple[float, str], ...]] = (
    (100.0, "world-record level"),
    (90.0, "world class"),
    (80.0, "national class"),
    (70.0, "regional class"),
    (60.0, "local class"),
    (0.0, "developing"),
)

_TABLE_FILES: Final[dict[str, str]] = {
    "track": "wma-2023-track.json",
    "road": "mldr-2025-road.json",
}

#: A time this fraction of the open standard or faster is beyond any world record.
_FASTEST_PLAUSIBLE: Final = 0.97

#: Below this distance "auto" prefers the track table; from here on, the road table.
_ROAD_FROM_M: Final = 5000.0

_SEX_WORDS: Final[dict[str, Sex]] = {
    "m": "M",
    "male": "M",
    "man": "M",
    "men": "M",
    "f": "F",
    "female": "F",
    "w": "F",
    "woman": "F",
    "women": "F",
}


@dataclass(frozen=True)
class AgeStandard:
    """The 100 % time for an age, sex and distance, with where it came from."""

    distance_m: float
    age: int
    sex: Sex
    surface: Surface
    table: str
    open_standard_s: float
    age_standard_s: float
    factor: float
    interpolated: bool


@dataclass(frozen=True)
class AgeGrade:
    """A result graded for age and sex (R-G2).

    ``age_graded_time_s`` is the WMA "age-graded time" (time × factor): the time the same
    performance is worth at peak age. ``open_equivalent_s`` is the open-class time at the
    same grade (open standard ÷ grade); by the definition of the tables it equals the
    age-graded time, and both are given so the two names runners use are answered.
    """

    percent: float
    band: str
    time_s: float
    distance_m: float
    age: int
    sex: Sex
    surface: Surface
    age_standard_s: float
    open_standard_s: float
    factor: float
    age_graded_time_s: float
    open_equivalent_s: float
    table: str
    interpolated: bool


@lru_cache(maxsize=2)
def _load_table(surface: Surface) -> dict[str, Any]:
    path = resources.files("miler") / "data" / "age_grading" / _TABLE_FILES[surface]
    table: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return table


def normalise_sex(sex: str) -> Sex:
    """``'M'`` or ``'F'`` from ``M``, ``F``, ``male``, ``female``, ``W``... (any case)."""
    value = _SEX_WORDS.get(sex.strip().lower())
    if value is None:
        raise InvalidInputError(f"unknown sex {sex!r}: use M or F (male or female)")
    return value


def table_events(surface: Surface) -> dict[str, float]:
    """Event name -> distance in metres covered by the ``surface`` table."""
    table = _load_table(surface)
    return {name: float(e["distance_m"]) for name, e in table["events"].items()}


def grade_band(percent: float) -> str:
    """The R-G2 band of an age grade in percent."""
    for lowest, name in BANDS:
        if percent >= lowest:
            return name
    return BANDS[-1][1]


def _covers(surface: Surface, distance_m: float) -> bool:
    distances = table_events(surface).values()
    return min(distances) - 0.01 <= distance_m <= max(distances) + 0.01


def _choose_surface(distance_m: float, surface: str) -> Surface:
    fixed: Surface | None = "track" if surface == "track" else "road" if surface == "road" else None
    if fixed is not None:
        if not _covers(fixed, distance_m):
            lo, hi = _range_text(fixed)
            raise InvalidDistanceError(
                f"the {fixed} age-grading table covers {lo} to {hi}; {distance_m:g} m is outside it"
            )
        return fixed
    if surface != "auto":
        raise InvalidInputError(f"unknown surface {surface!r}: use track, road or auto")
    preferred: tuple[Surface, Surface] = (
        ("road", "track") if distance_m >= _ROAD_FROM_M - 0.01 else ("track", "road")
    )
    for candidate in preferred:
        if _covers(candidate, distance_m):
            return candidate
    track_lo, track_hi = _range_text("track")
    road_lo, road_hi = _range_text("road")
    raise InvalidDistanceError(
        f"no age-grading table covers {distance_m:g} m: the track table covers "
        f"{track_lo} to {track_hi}, the road table {road_lo} to {road_hi}"
    )


def _range_text(surface: Surface) -> tuple[str, str]:
    events = table_events(surface)
    ordered = sorted(events, key=events.__getitem__)
    return ordered[0], ordered[-1]


def _age_index(table: dict[str, Any], age: float) -> int:
    if not math.isfinite(age):
        raise OutOfRangeError(f"age {age!r} is not a number of years")
    whole = math.floor(age)
    first = int(table["first_age"])
    any_event = next(iter(table["events"].values()))
    last = first + len(any_event["M"]["factors"]) - 1
    if not first <= whole <= last:
        raise OutOfRangeError(
            f"age {age:g} is outside the {table['table']} age-grading table, "
            f"which covers ages {first} to {last}; no grade is given"
        )
    return whole - first


def _event_standard(
    entry: dict[str, Any], sex: Sex, index: int, table_name: str
) -> tuple[float, float]:
    """(open standard, age standard) in seconds for one event of a table."""
    open_s = float(entry[sex]["open_s"])
    factor = entry[sex]["factors"][index]
    if factor is None or factor <= 0:
        raise OutOfRangeError(f"the {table_name} table has no factor for this age and event")
    return open_s, open_s / float(factor)


def age_standard(distance_m: float, age: float, sex: str, surface: str = "auto") -> AgeStandard:
    """The 100 %-grade time over ``distance_m`` metres for ``age`` (years) and ``sex``.

    Source: WMA 2023 track factors or Alan Jones' USATF MLDR 2025 road standards (see the
    module docstring); age standard = open standard ÷ age factor.
    """
    sex_code = normalise_sex(sex)
    if not math.isfinite(distance_m) or distance_m <= 0:
        raise InvalidDistanceError(f"distance {distance_m!r} m must be a positive number")
    chosen = _choose_surface(distance_m, surface)
    table = _load_table(chosen)
    index = _age_index(table, age)
    events = sorted(table["events"].values(), key=lambda e: float(e["distance_m"]))
    distances = [float(e["distance_m"]) for e in events]
    pos = bisect.bisect_left(distances, distance_m - 0.01)
    if pos < len(distances) and abs(distances[pos] - distance_m) <= 0.01:
        open_s, age_s = _event_standard(events[pos], sex_code, index, table["table"])
        interpolated = False
    else:
        lower, upper = events[pos - 1], events[pos]
        d1, d2 = distances[pos - 1], distances[pos]
        u = math.log(distance_m / d1) / math.log(d2 / d1)
        open1, age1 = _event_standard(lower, sex_code, index, table["table"])
        open2, age2 = _event_standard(upper, sex_code, index, table["table"])
        open_s = open1 * (1 - u) + open2 * u
        age_s = age1 * (1 - u) + age2 * u
        interpolated = True
    return AgeStandard(
        distance_m=distance_m,
        age=math.floor(age),
        sex=sex_code,
        surface=chosen,
        table=str(table["table"]),
        open_standard_s=open_s,
        age_standard_s=age_s,
        factor=open_s / age_s,
        interpolated=interpolated,
    )


def age_grade(
    time_s: float, distance_m: float, age: float, sex: str, surface: str = "auto"
) -> AgeGrade:
    """Age-grade a result of ``time_s`` seconds over ``distance_m`` metres (R-G2).

    grade % = age standard ÷ time × 100, rounded to 2 decimals (WMA 2023 track / USATF
    MLDR 2025 road tables). ``surface`` is ``track``, ``road`` or ``auto`` (track below
    5 km, road from 5 km). Raises :class:`OutOfRangeError` for an age outside the tables
    or a time more than 3 % faster than the open (world-record level) standard.
    """
    if not math.isfinite(time_s) or time_s <= 0:
        raise InvalidInputError(f"time {time_s!r} s must be a positive number of seconds")
    standard = age_standard(distance_m, age, sex, surface)
    if time_s < _FASTEST_PLAUSIBLE * standard.open_standard_s:
        raise OutOfRangeError(
            f"{time_s:g} s is faster than the world-record-level open standard "
            f"({standard.open_standard_s:g} s) of the {standard.table} table; check the time "
            "and the distance"
        )
    percent = round(100.0 * standard.age_standard_s / time_s, 2)
    graded = time_s * standard.factor
    return AgeGrade(
        percent=percent,
        band=grade_band(percent),
        time_s=time_s,
        distance_m=distance_m,
        age=standard.age,
        sex=standard.sex,
        surface=standard.surface,
        age_standard_s=standard.age_standard_s,
        open_standard_s=standard.open_standard_s,
        factor=standard.factor,
        age_graded_time_s=graded,
        open_equivalent_s=standard.open_standard_s * time_s / standard.age_standard_s,
        table=standard.table,
        interpolated=standard.interpolated,
    )


def age_grade_both_sexes(
    time_s: float, distance_m: float, age: float, surface: str = "auto"
) -> dict[Sex, AgeGrade]:
    """Grades for both sexes when the sex is not given: R-G2 shows both and picks neither."""
    return {
        "M": age_grade(time_s, distance_m, age, "M", surface),
        "F": age_grade(time_s, distance_m, age, "F", surface),
    }


def time_for_grade(
    percent: float, distance_m: float, age: float, sex: str, surface: str = "auto"
) -> float:
    """The time in seconds that scores ``percent`` % (R-F1.2 "what is a good time for me")."""
    if not math.isfinite(percent) or percent <= 0:
        raise InvalidInputError(f"grade {percent!r} % must be a positive percentage")
    return age_standard(distance_m, age, sex, surface).age_standard_s * 100.0 / percent
