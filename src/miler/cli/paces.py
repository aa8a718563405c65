"""``miler paces``: training paces from current fitness, and mile-specific paces.

::

    miler paces (--result EVENT=TIME [--result ...] | --vdot N) [--goal TIME] [--json]

Daniels' E/M/T/I/R paces come from VDOT (Daniels & Gilbert 1979; intensities from
Daniels' Running Formula, 3rd ed.): from ``--vdot``, or the highest VDOT among the
``--result`` races (train at current fitness, R-G20). Mile-specific paces: goal pace per
200/400/600/800 m (R-G12) and the R-G14 "90–95 % effort" band for 30-s reps (current mile
pace to about 800 m race pace). VDOT and the current mile come from the one current-mile rule
(:mod:`miler.science.current`: the best all-out mile of 12 months, else an estimate from all
recent results), the same figure ``assess``, ``predict`` and ``plan`` show.
The goal defaults to current × 0.97 (R-G20).

JSON output (``--json``, one object)::

    {
      "vdot": 50.0,
      "vdot_from": "current mile 5:59.1" | "--vdot",
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
      },
      "current_mile": {"time_s": 359.1, "kind": "estimated", "source": "...", "used": [...],
                       "left_out": [{"result": "...", "reason": "..."}], ...} | null
    }
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from miler.services.paces import PacesReport

__all__ = ["configure", "run"]


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
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    parser.add_argument(
        "--goal", metavar="TIME", help="goal mile time (default: current mile x 0.97, R-G20)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _report(args: argparse.Namespace) -> PacesReport:
    from miler.cli.logbook import apply_profile, saved_results
    from miler.cli.results import parse_results, today_from
    from miler.services.paces import training_paces_report
    from miler.units import parse_time

    results = parse_results(args.result)
    if not results and args.vdot is None:
        apply_profile(args, today_from(None))
        results = saved_results(args)
    return training_paces_report(
        results,
        today_from(None),
        vdot=args.vdot,
        goal_mile_s=parse_time(args.goal) if args.goal else None,
    )


def _render(data: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    report = data
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
    if report["current_mile"] is not None:
        out.print(f"Current mile from: {report['current_mile']['source']}")
    splits = ", ".join(f"{d} m {format_time(t)}" for d, t in mile["goal_splits_s"].items())
    out.print(f"Goal-pace splits: {splits}")
    band = mile["effort_band"]
    out.print(f"90-95 % effort (R-G14): {band['slow_per_400m']} to {band['fast_per_400m']}, RPE 9")


def run(args: argparse.Namespace) -> int:
    """Run ``miler paces``; returns the exit status."""
    report = _report(args)
    from miler.cli.output import show

    return show(report.model_dump(mode="json"), args.json, _render)
