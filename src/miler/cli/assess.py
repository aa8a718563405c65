"""``miler assess``: age-grade results, say what a good mile is for this runner, and the level.

::

    miler assess --age 50 [--sex M|F] [--result mile=5:30 --result 5k=21:40 ...]
                 [--surface auto|track|road]
                 [--months-running N --runs-per-week N --longest-run MIN --intervals yes|no]
                 [--json]

Tables: WMA 2023 for track events (800 m, 1500 m, mile, 3000 m, 5000 m, 10000 m...),
USATF MLDR 2025 (Alan Jones) for road events (5k, 10k, half, marathon, road mile). With
``--surface auto`` an event written as metres below 5 km (``1500m``, ``mile``) or as
``5000m``/``10000m`` is graded on the track table, ``5k``/``10k``/``half``/``marathon`` on the
road table. Without ``--sex`` both grades are shown and neither is picked (R-G2).

Bands (R-G2): ≥100 world-record level, ≥90 world class, ≥80 national class, ≥70 regional
class, ≥60 local class, below 60 developing.

A result from any other distance than the mile is never a mile PR (R-F3.1): a 1600 m is
scaled ×1609.344/1600 and a 1500 m converted by Riegel (R-G3, "converted"); any other
distance gives an "estimated" mile by Riegel 1981 (exponent 1.06, R-F3.2).

JSON output (``--json``, one object)::

    {
      "age": 50, "sex": "M",            # sex null when not given: then grades hold "M" and "F"
      "surface": "auto",
      "results": [{
        "event": "mile", "distance_m": 1609.344, "time_s": 330.0, "time": "5:30.0",
        "grades": {"M": {"percent": 76.38, "band": "regional class", "age_standard_s": ...,
                         "open_standard_s": 223.13, "factor": 0.8852,
                         "age_graded_time_s": 292.1, "open_equivalent_s": 292.1,
                         "table": "WMA 2023 track", "surface": "track",
                         "interpolated": false, ...}},
        "mile": {"time_s": 330.0, "kind": "mile" | "converted" | "estimated",
                 "method": "..."}          # the mile this result stands for
      }],
      "own_best_mile": {"time_s": 330.0, "time": "5:30.0", "kind": "mile", "from_event": "mile",
                        "grades": {"M": {...}}} | null,
      "mile_pr_s": 330.0 | null,        # best actual mile or converted 1600/1500 m; never a
                                        # longer race (R-F3.1)
      "good_mile_times": {"M": [{"percent": 50, "time_s": 504.1, "time": "8:24.1",
                                 "band": "developing"}, ... 60, 70, 80, 90]},
      "level": {"level": "intermediate", "reasons": ["..."]} | null,
      "bands": [{"min_percent": 100.0, "band": "world-record level"}, ...]
    }
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miler.services.assess import AssessReport, History

__all__ = ["configure", "run"]

_TRACK_WORDS = ("5000m", "10000m")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler assess``."""
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    parser.add_argument("--age", type=float, help="age in years on race day")
    parser.add_argument("--sex", help="M or F; without it both grades are shown")
    parser.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="EVENT=TIME",
        help="an all-out result, e.g. mile=5:30 or 5k=21:40 (repeat for several)",
    )
    parser.add_argument(
        "--surface",
        choices=("auto", "track", "road"),
        default="auto",
        help="age-grading table: track, road, or auto by the event (default)",
    )
    parser.add_argument("--months-running", type=float, help="months of consistent running")
    parser.add_argument(
        "--runs-per-week", type=float, help="runs per week, averaged over the last 8 weeks"
    )
    parser.add_argument(
        "--longest-run", type=float, metavar="MIN", help="longest recent continuous run, minutes"
    )
    parser.add_argument(
        "--intervals", choices=("yes", "no"), help="has the runner done interval work before?"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _surface_for(event_text: str, surface: str) -> str:
    if surface != "auto":
        return surface
    key = event_text.strip().lower().replace(" ", "")
    return "track" if key in _TRACK_WORDS else "auto"


def _history(args: argparse.Namespace) -> History | None:
    from miler.errors import InvalidInputError
    from miler.services.assess import History

    given = {
        "--months-running": args.months_running,
        "--runs-per-week": args.runs_per_week,
        "--longest-run": args.longest_run,
        "--intervals": args.intervals,
    }
    if all(v is None for v in given.values()):
        return None
    missing = [name for name, value in given.items() if value is None]
    if missing:
        raise InvalidInputError(
            "the level needs all four history options; missing " + ", ".join(missing)
        )
    return History(
        args.months_running, args.runs_per_week, args.longest_run, args.intervals == "yes"
    )


def _assess(args: argparse.Namespace) -> AssessReport:
    from miler.cli.logbook import apply_profile, saved_results
    from miler.cli.results import parse_results, today_from
    from miler.services.assess import assess_runner
    from miler.units import event_name

    apply_profile(args, today_from(None))
    results = parse_results(args.result) or saved_results(args, all_out=True)
    names = [t.split("=", 1)[0] for t in args.result] or [event_name(r.distance_m) for r in results]
    surfaces = [_surface_for(name, args.surface) for name in names]
    return assess_runner(
        results,
        surfaces,
        age=args.age,
        sex=args.sex,
        surface=args.surface,
        today=today_from(None),
        history=_history(args),
    )


def _render_report(report: AssessReport) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    who = f"age {report.age:g}" + (f", sex {report.sex}" if report.sex else "")
    if report.results:
        table = Table(title=f"Age grades ({who})")
        for column in ("event", "time", "sex", "grade %", "band", "age-graded", "on", "mile"):
            table.add_column(column)
        tables: set[str] = set()
        for r in report.results:
            mile = r.mile
            mile_text = f"{format_time(mile.time_s)} ({mile.kind})"
            for sex, g in r.grades.items():
                tables.add(g.table)
                table.add_row(
                    r.event,
                    r.time,
                    sex,
                    f"{g.percent:.2f}",
                    g.band,
                    format_time(g.age_graded_time_s),
                    g.surface + ("*" if g.interpolated else ""),
                    mile_text,
                )
        out.print(table)
        out.print("Tables: " + "; ".join(sorted(tables)) + " (* interpolated by log-distance)")
    best = report.own_best_mile
    if best is not None:
        grades = ", ".join(f"{s} {g.percent:.2f}% {g.band}" for s, g in best.grades.items())
        label = "" if best.kind == "mile" else f" ({best.kind} from {best.from_event})"
        out.print(f"Own best mile: {best.time}{label}: {grades}")
    if report.mile_pr_s is None and report.results:
        out.print("No mile PR: a longer race is never a mile PR (R-F3.1); estimates only.")
    good = Table(title=f"What is a good mile for you ({who})")
    good.add_column("grade %")
    for sex in report.good_mile_times:
        good.add_column(f"mile ({sex})")
    good.add_column("band")
    rows = list(zip(*report.good_mile_times.values(), strict=True))
    for row in rows:
        good.add_row(f"{row[0].percent}", *(c.time for c in row), row[0].band)
    out.print(good)
    if report.level is not None:
        level = report.level
        out.print(f"Level: {level.level} ({'; '.join(level.reasons)})")


def run(args: argparse.Namespace) -> int:
    """Run ``miler assess``; returns the exit status."""
    report = _assess(args)
    from miler.cli.output import show

    return show(report, args.json, _render_report)
