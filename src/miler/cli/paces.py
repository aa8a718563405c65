"""``miler paces``: training paces from current fitness, and mile-specific paces.

::

    miler paces (--result EVENT=TIME [--result ...] | --vdot N) [--goal TIME] [--json]

Daniels' E/M/T/I/R paces come from VDOT (Daniels & Gilbert 1979; intensities from
Daniels' Running Formula, 3rd ed.): from ``--vdot``, or the highest VDOT among the
``--result`` races (train at current fitness, R-G20). Mile-specific paces: goal pace per
200/400/600/800 m (R-G12) and the R-G14 "90–95 % effort" band for 30-s reps (current mile
pace to about 800 m race pace). The current mile is the best ``mile`` result, else a
1600 m/1500 m converted by R-G3, else the Daniels–Gilbert mile for the VDOT (estimated).
The goal defaults to current × 0.97 (R-G20).

JSON output (``--json``, one object)::

    {
      "vdot": 50.0,
      "vdot_from": "5k=19:57" | "--vdot",
      "paces": {                      # one entry per Daniels pace: easy, marathon,
        "easy": {                     # threshold, interval, repetition
          "slow_mps": 2.84, "fast_mps": 3.40,
          "slow_per_km": "5:52", "fast_per_km": "4:54",
          "slow_per_mi": "9:26", "fast_per_mi": "7:52",
          "slow_per_400m": "2:21", "fast_per_400m": "1:57"
        }, ...
      },
      "mile": {
        "current_mile_s": 350.0, "current_kind": "mile" | "converted" | "estimated",
        "goal_mile_s": 339.5, "goal_is_default": true,
        "goal_splits_s": {"200": 42.2, "400": 84.4, "600": 126.6, "800": 168.8},
        "effort_band": {"slow_mps": 4.60, "fast_mps": 4.80,
                        "slow_per_400m": "1:27.0", "fast_per_400m": "1:23.3"}
      }
    }
"""

from __future__ import annotations

import argparse
import math
from typing import Any

__all__ = ["configure", "run"]

_DEFAULT_GOAL_FACTOR = 0.97


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler paces``."""
    parser.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="EVENT=TIME",
        help="a recent all-out result, e.g. 5k=21:40 (repeat for several)",
    )
    parser.add_argument("--vdot", type=float, help="current VDOT instead of results")
    parser.add_argument(
        "--goal", metavar="TIME", help="goal mile time (default: current mile x 0.97, R-G20)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _speed_texts(prefix: str, speed: float) -> dict[str, Any]:
    from miler.units import format_pace

    return {
        f"{prefix}_mps": speed,
        f"{prefix}_per_km": format_pace(speed, "km"),
        f"{prefix}_per_mi": format_pace(speed, "mi"),
        f"{prefix}_per_400m": format_pace(speed, "400m", decimals=1),
    }


def _current_mile(results: list[tuple[str, float, float]], vdot: float) -> tuple[float, str]:
    from miler.science.vdot import time_for_vdot
    from miler.units import MILE_M, mile_from_1500, mile_from_1600

    miles = [t for _, d, t in results if math.isclose(d, MILE_M, abs_tol=0.01)]
    if miles:
        return min(miles), "mile"
    converted = [mile_from_1600(t) for _, d, t in results if math.isclose(d, 1600, abs_tol=0.01)]
    converted += [mile_from_1500(t) for _, d, t in results if math.isclose(d, 1500, abs_tol=0.01)]
    if converted:
        return min(converted), "converted"
    return time_for_vdot(vdot, MILE_M), "estimated"


def _report(args: argparse.Namespace) -> dict[str, Any]:
    from miler.errors import InvalidInputError
    from miler.science.paces import mile_paces, training_paces
    from miler.science.vdot import vdot_from_performance
    from miler.units import parse_result, parse_time

    if (args.vdot is None) == (not args.result):
        raise InvalidInputError("give either --vdot N or at least one --result EVENT=TIME")
    results = [(text, *parse_result(text)) for text in args.result]
    if args.vdot is not None:
        vdot, vdot_from = args.vdot, "--vdot"
    else:
        vdot, vdot_from = max((vdot_from_performance(d, t), text) for text, d, t in results)
    paces = training_paces(vdot)
    current_s, current_kind = _current_mile(results, vdot)
    goal_s = parse_time(args.goal) if args.goal else current_s * _DEFAULT_GOAL_FACTOR
    mile = mile_paces(goal_s, current_s)
    assert mile.effort_band is not None
    return {
        "vdot": vdot,
        "vdot_from": vdot_from,
        "paces": {
            name: {
                **_speed_texts("slow", getattr(paces, name)[0]),
                **_speed_texts("fast", getattr(paces, name)[1]),
            }
            for name in ("easy", "marathon", "threshold", "interval", "repetition")
        },
        "mile": {
            "current_mile_s": current_s,
            "current_kind": current_kind,
            "goal_mile_s": goal_s,
            "goal_is_default": not args.goal,
            "goal_splits_s": {str(d): t for d, t in mile.splits_s.items()},
            "effort_band": {
                **_speed_texts("slow", mile.effort_band[0]),
                **_speed_texts("fast", mile.effort_band[1]),
            },
        },
    }


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    table = Table(
        title=f"Daniels training paces, VDOT {report['vdot']:.1f} ({report['vdot_from']})"
    )
    for column in ("pace", "per km", "per mile", "per 400 m"):
        table.add_column(column)
    for name, p in report["paces"].items():
        table.add_row(
            name,
            f"{p['slow_per_km']} - {p['fast_per_km']}",
            f"{p['slow_per_mi']} - {p['fast_per_mi']}",
            f"{p['slow_per_400m']} - {p['fast_per_400m']}",
        )
    out.print(table)
    mile = report["mile"]
    goal_note = " (current x 0.97, R-G20)" if mile["goal_is_default"] else ""
    out.print(
        f"Current mile {format_time(mile['current_mile_s'])} ({mile['current_kind']}); "
        f"goal {format_time(mile['goal_mile_s'])}{goal_note}"
    )
    splits = ", ".join(f"{d} m {format_time(t)}" for d, t in mile["goal_splits_s"].items())
    out.print(f"Goal-pace splits: {splits}")
    band = mile["effort_band"]
    out.print(f"90-95 % effort (R-G14): {band['slow_per_400m']} to {band['fast_per_400m']}, RPE 9")


def run(args: argparse.Namespace) -> int:
    """Run ``miler paces``; returns the exit status."""
    report = _report(args)
    from miler.cli.output import show

    return show(report, args.json, _render)
