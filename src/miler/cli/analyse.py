"""``miler analyse FILE``: what happened in a run, in a miler's terms.

Reads a FIT, GPX or TCX file (each optionally gzipped). For a multisport file the running
leg is analysed. Options: ``--json``, ``--plot out.html|out.png``, ``--allow-truncated``
(import the valid part of a FIT file that ends early), ``--hr-max``/``--hr-rest``/``--sex``
for zones and TRIMP (without ``--hr-max`` the highest heart rate in the file is used, and
said so), ``--fit-reader auto|fitdecode|fitfast``.

JSON output (``--json``): ``AnalysedRun.model_dump(mode="json")`` of
:mod:`miler.services.analyse`, one object; all units SI (metres, seconds, m/s, bpm);
``null`` where the file cannot tell. Keys: ``file``, ``sport``, ``device``,
``analysed_as_run`` (false for a ride or a swim, with ``not_a_run_reason``), ``warnings``
(what the importer repaired), ``summary`` (distance, elapsed, moving and paused time,
averages, climb), ``splits`` (``laps``, ``400m``, ``km``, ``mile``; every ``time_s`` is
moving time, ``paused_s`` beside it), ``pacing``, ``intervals``, ``best_efforts``,
``time_trial`` (``recognised``, ``effort``, ``reasons``), ``heart_rate`` (zones,
decoupling) and ``load`` (TRIMP, with ``--hr-rest``). This module only parses arguments
and renders; every decision is the service's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from miler.services.analyse import AnalyseOptions

__all__ = ["configure", "options_from", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler analyse``."""
    parser.add_argument("file", type=Path, help="a .fit, .gpx or .tcx file (optionally .gz)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--plot", type=Path, metavar="OUT", help="write a chart: out.html or out.png"
    )
    parser.add_argument(
        "--allow-truncated",
        action="store_true",
        help="import the valid part of a FIT file that ends early (with a warning)",
    )
    parser.add_argument("--hr-max", type=float, metavar="BPM", help="maximum heart rate for zones")
    parser.add_argument("--hr-rest", type=float, metavar="BPM", help="resting heart rate for TRIMP")
    parser.add_argument(
        "--sex",
        type=str.upper,
        choices=("M", "F"),
        default="M",
        help="M or F, for the TRIMP weighting (Banister)",
    )
    parser.add_argument(
        "--age",
        type=float,
        metavar="YEARS",
        help="your age: no best effort may beat the age-group record",
    )
    parser.add_argument(
        "--fit-reader",
        choices=("auto", "fitdecode", "fitfast"),
        default="auto",
        help="FIT decoder (auto: fitfast when installed, else fitdecode)",
    )


def options_from(args: argparse.Namespace) -> AnalyseOptions:
    """The service's options from the parsed arguments."""
    from miler.services.analyse import AnalyseOptions

    return AnalyseOptions(
        hr_max_bpm=args.hr_max,
        hr_rest_bpm=args.hr_rest,
        sex=args.sex,
        age=args.age,
        allow_truncated=args.allow_truncated,
        fit_reader=args.fit_reader,
    )


def run(args: argparse.Namespace) -> int:
    """Analyse the file and print the report (JSON or tables); write the plot if asked."""
    from miler.cli.output import show
    from miler.services.analyse import analyse_activity, load_run

    options = options_from(args)
    activity = load_run(args.file, options=options)
    result = analyse_activity(activity, args.file.name, options)
    for warning in result.warnings:
        print(f"miler analyse: warning: {warning}", file=sys.stderr)
    if args.plot is not None:
        _write_plot(activity.running_part(), args.file.name, args.plot)
    return show(result.model_dump(mode="json"), args.json, _render)


def _write_plot(activity: Any, title: str, path: Path) -> None:
    from miler.activities.plot import html_plot, png_plot
    from miler.errors import InvalidInputError

    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(html_plot(activity, title), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(png_plot(activity, title))
    else:
        raise InvalidInputError(
            f"cannot plot to {path.name!r}: use a file name ending in .html or .png"
        )


def _fmt(seconds: float | None) -> str:
    from miler.units import format_time

    return "-" if seconds is None else format_time(seconds)


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import format_pace

    out = console()
    s = report["summary"]
    speed = s["avg_speed_mps"]
    out.print(
        f"[bold]{report['file']}[/bold]  {report['sport']}  "
        f"{s['start'] or 'start unknown'}  {report['device'] or ''}"
    )
    out.print(
        f"distance {s['distance_m'] / 1000:.2f} km   moving {_fmt(s['moving_s'])}   "
        f"paused {_fmt(s['paused_s'])}   elapsed {_fmt(s['elapsed_s'])}   "
        f"pace {format_pace(speed, 'km') if speed else '-'}"
        f"   {format_pace(speed, 'mi') if speed else ''}"
    )
    if s["avg_heart_rate_bpm"] is not None:
        out.print(
            f"heart rate avg {s['avg_heart_rate_bpm']:.0f}  max {s['max_heart_rate_bpm']:.0f} bpm"
        )
    if s["ascent_m"] is not None:
        descent = "-" if s["descent_m"] is None else f"{s['descent_m']:.0f}"
        out.print(f"climb +{s['ascent_m']:.0f} m / -{descent} m ({s['ascent_source']})")
    if not report["analysed_as_run"]:
        out.print(f"[bold]{report['not_a_run_reason']}[/bold]")
    for key in ("laps", "mile", "km"):
        splits = report["splits"][key]
        if not splits:
            continue
        table = Table(title=f"splits by {key} (moving time)")
        for column in ("#", "distance", "time", "paused", "pace /400m", "HR"):
            table.add_column(column, justify="right")
        for sp in splits:
            hr = sp["avg_heart_rate_bpm"]
            table.add_row(
                str(sp["number"]),
                f"{sp['distance_m']:.0f} m",
                _fmt(sp["time_s"]),
                _fmt(sp["paused_s"]) if sp["paused_s"] >= 1 else "",
                _fmt(sp["pace_s_per_400m"]),
                f"{hr:.0f}" if hr else "-",
            )
        out.print(table)
    pacing = report["pacing"]
    if pacing:
        out.print(
            f"pacing ({pacing['basis']}): CV of lap speeds {pacing['speed_cv'] * 100:.1f} %, "
            f"first lap {pacing['first_lap_ratio'] * 100:.1f} % of mean pace, "
            f"{pacing['split']} split"
            f"{', even' if pacing['even'] else ''}"
            f"{', TOO FAST START (R-S4.2)' if pacing['too_fast_start'] else ''}"
        )
    work = [r for r in report["intervals"] if r["kind"] == "work"]
    if work:
        source = "the watch laps" if work[0].get("source") == "laps" else "the speed stream"
        out.print(f"intervals: {len(work)} reps (from {source})")
        for r in work:
            out.print(f"  rep {r['number']}: {r['distance_m']:.0f} m in {_fmt(r['time_s'])}")
    if report["best_efforts"]:
        out.print(
            "best efforts: "
            + ", ".join(f"{e['name']} {_fmt(e['time_s'])}" for e in report["best_efforts"])
        )
    trial = report["time_trial"]
    if report["analysed_as_run"]:
        effort = trial["effort"]
        head = (
            f"time trial recognised: {effort['name']} in {_fmt(effort['time_s'])}"
            if effort
            else "no time trial"
        )
        out.print(f"{head}: {trial['reasons'][0]}" if trial["reasons"] else head)
    hr = report["heart_rate"]
    if hr:
        zones = ", ".join(
            f"Z{z['zone']} {_fmt(z['seconds'])}" for z in hr["zones"] if z["seconds"] > 0
        )
        out.print(f"time in zones (HRmax {hr['hr_max_bpm']:.0f}, {hr['hr_max_source']}): {zones}")
        if hr["decoupling"]:
            out.print(
                f"aerobic decoupling {hr['decoupling']['decoupling_pct']:.1f} %, "
                f"HR drift {hr['decoupling']['hr_drift_pct']:.1f} %"
            )
    if report["load"]:
        out.print(f"TRIMP (Banister 1991): {report['load']['trimp']:.0f}")
