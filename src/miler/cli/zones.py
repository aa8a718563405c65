"""``miler zones``: maximum heart rate and training zones.

::

    miler zones (--hr-max BPM | --age YEARS) [--hr-rest BPM] [--json]

HRmax is the measured ``--hr-max`` when given, else Tanaka et al. 2001 (208 − 0.7·age).
Zones are Daniels' E/M/T/I as % of HRmax and, with ``--hr-rest``, as % of heart-rate
reserve (Karvonen 1957). Also shown: the R-G6 easy-run cap (0.79·HRmax) and the R-G14
check for 30-s reps (peak HR from rep 4 ≥ 0.90·HRmax).

JSON output (``--json``, one object)::

    {
      "hr_max": {"bpm": 180.0, "measured": false,
                 "source": "Tanaka, Monahan & Seals 2001: HRmax = 208 - 0.7 x age"},
      "hr_rest_bpm": 55.0 | null,
      "easy_cap_bpm": 142.2,
      "hard_rep_check_bpm": 162.0,
      "zones": [{"name": "E", "purpose": "...", "percent_max": [65.0, 79.0],
                 "low_bpm": 117.0, "high_bpm": 142.2, "percent_reserve": [59.0, 74.0],
                 "hrr_low_bpm": 128.8 | null, "hrr_high_bpm": 147.5 | null}, ...]
    }
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler zones``."""
    parser.add_argument("--age", type=float, help="age in years (HRmax estimated from it)")
    parser.add_argument("--hr-max", type=float, metavar="BPM", help="measured HRmax")
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    parser.add_argument(
        "--hr-rest", type=float, metavar="BPM", help="resting HR, for heart-rate-reserve zones"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _report(args: argparse.Namespace) -> dict[str, Any]:
    from miler.cli.logbook import apply_profile
    from miler.cli.results import today_from
    from miler.services.zones import zones_report

    apply_profile(args, today_from(None))
    report = zones_report(args.hr_max, args.age, args.hr_rest)
    return {name: getattr(report, name) for name in type(report).model_fields}


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console

    out = console()
    hr_max = report["hr_max"]
    out.print(f"HRmax {hr_max.bpm:.0f} bpm ({hr_max.source})")
    table = Table(title="Training zones (Daniels)")
    for column in ("zone", "% HRmax", "bpm", "% HRR", "bpm (HRR)", "for"):
        table.add_column(column)
    for z in report["zones"]:
        hrr = (
            "-"
            if z.hrr_low_bpm is None or z.hrr_high_bpm is None
            else f"{z.hrr_low_bpm:.0f}-{z.hrr_high_bpm:.0f}"
        )
        table.add_row(
            z.name,
            f"{z.percent_max[0]:.0f}-{z.percent_max[1]:.0f}",
            f"{z.low_bpm:.0f}-{z.high_bpm:.0f}",
            f"{z.percent_reserve[0]:.0f}-{z.percent_reserve[1]:.0f}",
            hrr,
            z.purpose,
        )
    out.print(table)
    out.print(f"Easy runs: stay at or below {report['easy_cap_bpm']:.0f} bpm (0.79 x HRmax, R-G6)")
    out.print(
        f"30-s reps at 90-95 % effort: peak HR from rep 4 on should reach "
        f"{report['hard_rep_check_bpm']:.0f} bpm (R-G14 check; pace rules)"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``miler zones``; returns the exit status."""
    report = _report(args)
    from miler.cli.output import show

    return show(report, args.json, _render)
