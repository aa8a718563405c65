"""``miler convert``: 1600 m ⇄ mile, track lanes, treadmill incline, pace units.

One conversion per call::

    miler convert --result 1600m=5:20 [--to mile]      # 1600/1500 m ⇄ mile (R-G3)
    miler convert --lanes [--distance 400m] [--no-kerb] # lap length and stagger per lane
    miler convert --treadmill 12km/h [--incline 1]      # flat outdoor equivalent (R-G21)
    miler convert --outdoor 7:30/mi [--incline 1]       # treadmill speed to match outdoors
    miler convert --pace 7:30/mi                        # /km, /mi, /400 m, km/h, mph

Race distances: 1600 m ⇄ mile by distance (×1609.344/1600) and 1500 m ⇄ mile by Riegel
1981 with exponent 1.06 (both R-G3 conversions, not estimates); any other pair by Riegel,
labelled ``estimated``. Lanes: World Athletics Track and Field
Facilities Manual (2008) geometry, 1.22 m lanes measured 0.30 m from a kerb in lane 1 and
0.20 m from the line in the others. Treadmill: ACSM running equation with a 1 % grade for
outdoor air resistance (Jones & Doust 1996, valid 2.92–5.0 m/s).

JSON output (``--json``, one object with a ``mode``)::

    # --result
    {"mode": "distance", "from_event": "1600m", "from_time_s": 320.0, "to_event": "mile",
     "to_time_s": 321.9, "to_time": "5:21.9", "method": "distance x 1609.344/1600 (R-G3)",
     "estimated": false}
    # --lanes
    {"mode": "lanes", "kerb": true, "distance_m": 400.0,
     "lanes": [{"lane": 1, "lap_m": 400.0, "distance_m": 400.0, "stagger_m": 0.0}, ...]}
    # --treadmill / --outdoor
    {"mode": "treadmill", "treadmill_speed_mps": 3.33, "incline_pct": 1.0,
     "outdoor_speed_mps": 3.33, "in_validated_range": true,
     "treadmill": {...pace units...}, "outdoor": {...pace units...}}
    # --pace
    {"mode": "pace", "speed_mps": 3.58, "s_per_km": 279.6, "s_per_mi": 450.0,
     "s_per_400m": 111.8, "km_per_h": 12.87, "mph": 8.0, "m_per_s": 3.58,
     "per_km": "4:40/km", "per_mi": "7:30/mi", "per_400m": "1:51.8/400m"}
"""

from __future__ import annotations

import argparse
import math
from typing import Any

__all__ = ["configure", "run"]

_LANES = 8


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler convert``."""
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--result", metavar="EVENT=TIME", help="a time to convert, e.g. 1600m=5:20")
    mode.add_argument("--lanes", action="store_true", help="lap length and stagger per lane")
    mode.add_argument("--treadmill", metavar="SPEED", help="treadmill speed, e.g. 12km/h, 8mph")
    mode.add_argument("--outdoor", metavar="PACE", help="outdoor pace to match on a treadmill")
    mode.add_argument("--pace", metavar="PACE", help="a pace or speed to show in every unit")
    parser.add_argument("--to", default=None, help="target event for --result (default: mile)")
    parser.add_argument("--distance", default="400m", help="distance run in lane for --lanes")
    parser.add_argument(
        "--no-kerb", action="store_true", help="lane 1 has a painted line, not a raised kerb"
    )
    parser.add_argument(
        "--incline", type=float, default=1.0, help="treadmill incline in %% (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _units(speed: float) -> dict[str, Any]:
    from miler.units import format_pace, speed_in_units

    return {
        **speed_in_units(speed),
        "per_km": format_pace(speed, "km"),
        "per_mi": format_pace(speed, "mi"),
        "per_400m": format_pace(speed, "400m", decimals=1),
    }


def _distance(args: argparse.Namespace) -> dict[str, Any]:
    from miler.units import (
        MILE_M,
        event_name,
        format_time,
        mile_from_1600,
        parse_distance,
        parse_result,
        riegel_convert,
        time_for_1600_from_mile,
    )

    from_m, time_s = parse_result(args.result)
    to_m = parse_distance(args.to) if args.to else MILE_M
    pair = {round(from_m, 3), round(to_m, 3)}
    if pair == {1600.0, round(MILE_M, 3)}:
        to_s = mile_from_1600(time_s) if to_m > from_m else time_for_1600_from_mile(time_s)
        method, estimated = "distance x 1609.344/1600 (R-G3)", False
    elif pair == {1500.0, round(MILE_M, 3)}:
        to_s = riegel_convert(time_s, from_m, to_m)
        method, estimated = "Riegel 1981, exponent 1.06 (R-G3 conversion)", False
    elif math.isclose(from_m, to_m):
        to_s, method, estimated = time_s, "same distance", False
    else:
        to_s = riegel_convert(time_s, from_m, to_m)
        method, estimated = "Riegel 1981, exponent 1.06", True
    return {
        "mode": "distance",
        "from_event": event_name(from_m),
        "from_time_s": time_s,
        "to_event": event_name(to_m),
        "to_time_s": to_s,
        "to_time": format_time(to_s),
        "method": method,
        "estimated": estimated,
    }


def _lanes(args: argparse.Namespace) -> dict[str, Any]:
    from miler.units import lane_distance_m, lane_lap_m, parse_distance

    kerb = not args.no_kerb
    distance = parse_distance(args.distance)
    return {
        "mode": "lanes",
        "kerb": kerb,
        "distance_m": distance,
        "lanes": [
            {
                "lane": lane,
                "lap_m": lane_lap_m(lane, kerb),
                "distance_m": lane_distance_m(distance, lane, kerb),
                "stagger_m": lane_distance_m(distance, lane, kerb) - distance,
            }
            for lane in range(1, _LANES + 1)
        ],
    }


def _treadmill(args: argparse.Namespace) -> dict[str, Any]:
    from miler.units import parse_pace, treadmill_equivalent, treadmill_speed_for_outdoor

    if args.treadmill is not None:
        speed = parse_pace(args.treadmill)
    else:
        speed = treadmill_speed_for_outdoor(parse_pace(args.outdoor), args.incline)
    result = treadmill_equivalent(speed, args.incline)
    return {
        "mode": "treadmill",
        "treadmill_speed_mps": result.treadmill_speed,
        "incline_pct": result.incline_pct,
        "outdoor_speed_mps": result.outdoor_speed,
        "in_validated_range": result.in_validated_range,
        "treadmill": _units(result.treadmill_speed),
        "outdoor": _units(result.outdoor_speed),
    }


def _report(args: argparse.Namespace) -> dict[str, Any]:
    from miler.units import parse_pace

    if args.result is not None:
        return _distance(args)
    if args.lanes:
        return _lanes(args)
    if args.treadmill is not None or args.outdoor is not None:
        return _treadmill(args)
    speed = parse_pace(args.pace)
    return {"mode": "pace", "speed_mps": speed, **_units(speed)}


def _render(report: dict[str, Any]) -> None:
    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    mode = report["mode"]
    if mode == "distance":
        label = " (estimated)" if report["estimated"] else ""
        out.print(
            f"{report['from_event']} {format_time(report['from_time_s'])} = "
            f"{report['to_event']} {report['to_time']}{label}, by {report['method']}"
        )
    elif mode == "lanes":
        from rich.table import Table

        table = Table(
            title=f"{report['distance_m']:g} m in each lane ("
            + ("kerb" if report["kerb"] else "no kerb")
            + ")"
        )
        for column in ("lane", "lap (m)", "distance (m)", "stagger (m)"):
            table.add_column(column)
        for lane in report["lanes"]:
            table.add_row(
                str(lane["lane"]),
                f"{lane['lap_m']:.2f}",
                f"{lane['distance_m']:.2f}",
                f"{lane['stagger_m']:.2f}",
            )
        out.print(table)
    elif mode == "treadmill":
        tm, od = report["treadmill"], report["outdoor"]
        out.print(
            f"Treadmill {tm['km_per_h']:.1f} km/h ({tm['per_mi']}) at {report['incline_pct']:g} % "
            f"= outdoors {od['per_mi']} ({od['per_km']}, {od['km_per_h']:.1f} km/h)"
        )
        if not report["in_validated_range"]:
            out.print("Note: outside 2.92-5.0 m/s, where Jones & Doust 1996 validated 1 %.")
    else:
        out.print(
            f"{report['per_km']}  {report['per_mi']}  {report['per_400m']}  "
            f"{report['km_per_h']:.2f} km/h  {report['mph']:.2f} mph  {report['m_per_s']:.3f} m/s"
        )


def run(args: argparse.Namespace) -> int:
    """Run ``miler convert``; returns the exit status."""
    report = _report(args)
    from miler.cli.output import show

    return show(report, args.json, _render)
