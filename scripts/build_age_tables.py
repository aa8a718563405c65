"""Build the compact age-grading tables shipped inside miler from the original files.

Reads the upstream files in ``../shared/data/age-grading`` (see its README.md) and writes
``src/miler/data/age_grading/``:

* ``wma-2023-track.json``: WMA 2023 track (in-stadium) factors and open standards, from
  openath/athlib ``athlib/wma/wma-data-2023.json`` (Apache-2.0), events 400 m ... 10000 m.
* ``mldr-2025-road.json``: USATF MLDR 2025 road factors and open standards by Alan Jones,
  from ``AgeGrade.zip`` of AlanLyttonJones/Age-Grade-Tables (CC0-1.0), road mile ... marathon.
* the licence texts of both sources and a NOTICE describing the conversion.

Values are copied unchanged (factors to 4 decimals as published, standards in seconds);
only the layout changes. Run from the repository root::

    python scripts/build_age_tables.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "miler" / "data" / "age_grading"

#: athlib WMA event code -> (miler event name, distance in metres)
TRACK_EVENTS: dict[str, tuple[str, float]] = {
    "400": ("400m", 400.0),
    "600": ("600m", 600.0),
    "800": ("800m", 800.0),
    "1000": ("1000m", 1000.0),
    "1500": ("1500m", 1500.0),
    "MILE": ("mile", 1609.344),
    "2000": ("2000m", 2000.0),
    "3000": ("3000m", 3000.0),
    "2MT": ("2mi", 2 * 1609.344),
    "3MT": ("3mi", 3 * 1609.344),
    "5000": ("5k", 5000.0),
    "10000": ("10k", 10000.0),
}

#: Alan Jones file suffix -> (miler event name, distance in metres)
ROAD_EVENTS: dict[str, tuple[str, float]] = {
    "1mi": ("mile", 1609.344),
    "5k": ("5k", 5000.0),
    "4mi": ("4mi", 4 * 1609.344),
    "8k": ("8k", 8000.0),
    "5mi": ("5mi", 5 * 1609.344),
    "10k": ("10k", 10000.0),
    "12k": ("12k", 12000.0),
    "15k": ("15k", 15000.0),
    "10mi": ("10mi", 10 * 1609.344),
    "20k": ("20k", 20000.0),
    "hm": ("half", 21097.5),
    "25k": ("25k", 25000.0),
    "30k": ("30k", 30000.0),
    "42k": ("marathon", 42195.0),
}


def _hms_to_s(text: str) -> float:
    hours, minutes, seconds = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def build_track(shared: Path) -> dict[str, Any]:
    """WMA 2023 track table from athlib's JSON (factors aligned with its ``ages`` list)."""
    source = json.loads((shared / "age-grading/athlib-wma/wma-data-2023.json").read_text())
    ages: list[int] = source["ages"]
    if ages != list(range(ages[0], ages[0] + len(ages))):
        raise SystemExit("athlib ages are not contiguous; the compact layout assumes they are")
    events: dict[str, Any] = {}
    for code, (name, metres) in TRACK_EVENTS.items():
        entry: dict[str, Any] = {"distance_m": metres}
        for sex_key, sex in (("m", "M"), ("f", "F")):
            row = next(r for r in source[sex_key] if r[0] == code)
            if abs(row[1] * 1000 - metres) > 0.01:
                raise SystemExit(f"distance of {code} is {row[1]} km, expected {metres} m")
            entry[sex] = {"open_s": row[2], "factors": row[3:]}
        events[name] = entry
    return {
        "table": "WMA 2023 track",
        "surface": "track",
        "source": (
            "World Masters Athletics 2023 age factors, as JSON in openath/athlib "
            "@ fe60183d75ee : athlib/wma/wma-data-2023.json (Apache-2.0)"
        ),
        "first_age": ages[0],
        "events": events,
    }


def _read_agegrade(text: str) -> dict[str, Any]:
    """Parse an Alan Jones ``AgeGrade.<distance>`` file: standards, then sex/age/factor lines."""
    sexes: dict[str, Any] = {"M": {"factors": {}}, "F": {"factors": {}}}
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 2 and ":" in parts[1]:
            sexes[parts[0]]["open_s"] = _hms_to_s(parts[1])
        elif len(parts) == 3:
            sexes[parts[0]]["factors"][int(parts[1])] = float(parts[2])
        else:
            raise SystemExit(f"unexpected line in AgeGrade file: {line!r}")
    return sexes


def build_road(shared: Path) -> dict[str, Any]:
    """USATF MLDR 2025 road table from Alan Jones' AgeGrade.zip text files."""
    archive = zipfile.ZipFile(shared / "age-grading/alan-jones/road-2025/AgeGrade.zip")
    events: dict[str, Any] = {}
    first_age: int | None = None
    for suffix, (name, metres) in ROAD_EVENTS.items():
        parsed = _read_agegrade(archive.read(f"AgeGrade.{suffix}").decode("ascii"))
        entry: dict[str, Any] = {"distance_m": metres}
        for sex in ("M", "F"):
            by_age: dict[int, float] = parsed[sex]["factors"]
            ages = sorted(by_age)
            if ages != list(range(ages[0], ages[-1] + 1)):
                raise SystemExit(f"ages of {suffix} {sex} are not contiguous")
            if first_age is None:
                first_age = ages[0]
            if ages[0] != first_age:
                raise SystemExit("road tables start at different ages")
            entry[sex] = {"open_s": parsed[sex]["open_s"], "factors": [by_age[a] for a in ages]}
        events[name] = entry
    assert first_age is not None
    return {
        "table": "USATF MLDR 2025 road",
        "surface": "road",
        "source": (
            "Alan Jones, USATF Masters Long Distance Running road age-grading standards 2025 "
            "(approved 2025-01-10), AlanLyttonJones/Age-Grade-Tables @ 4aac6737cb9f : "
            "'2025 Files/AgeGrade.zip' (CC0-1.0)"
        ),
        "first_age": first_age,
        "events": events,
    }


NOTICE = """\
Age-grading tables shipped with miler
=====================================

wma-2023-track.json
    World Masters Athletics (WMA) 2023 age factors and open standards for track events,
    taken from openath/athlib (https://github.com/openath/athlib) at commit
    fe60183d75eec30c54c638449b562360f73e2e67, file athlib/wma/wma-data-2023.json.
    Licensed under the Apache License, Version 2.0 (LICENSE-athlib-Apache-2.0.txt).
    Copyright the athlib authors. Modification by miler: the events 400 m to 10000 m were
    selected and re-laid out as JSON keyed by event and sex; values are unchanged.
    athlib has no NOTICE file upstream.

mldr-2025-road.json
    USATF Masters Long Distance Running road age-grading standards 2025 by Alan Jones,
    from https://github.com/AlanLyttonJones/Age-Grade-Tables at commit
    4aac6737cb9f216c90a0a610355667cd3d921c61, '2025 Files/AgeGrade.zip'.
    Dedicated to the public domain under CC0 1.0 Universal (LICENSE-alan-jones-CC0.md);
    attribution given with thanks. Road mile to marathon selected; values unchanged.

Both files are rebuilt by scripts/build_age_tables.py from the original files.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    shared: Path = args.shared
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, table in (
        ("wma-2023-track.json", build_track(shared)),
        ("mldr-2025-road.json", build_road(shared)),
    ):
        text = json.dumps(table, separators=(",", ":"), sort_keys=False)
        (OUT / filename).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {OUT / filename} ({len(text):,} bytes, {len(table['events'])} events)")
    licences = shared / "LICENSES"
    shutil.copyfile(
        licences / "openath__athlib__LICENSE.txt", OUT / "LICENSE-athlib-Apache-2.0.txt"
    )
    shutil.copyfile(
        licences / "AlanLyttonJones__Age-Grade-Tables__LICENSE.md",
        OUT / "LICENSE-alan-jones-CC0.md",
    )
    (OUT / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    print(f"wrote licences and NOTICE.txt in {OUT}")


if __name__ == "__main__":
    main()
