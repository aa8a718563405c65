"""``miler analyse FILE``: what happened in a run, in a miler's terms.

Reads a FIT, GPX or TCX file (each optionally gzipped). For a multisport file the running
leg is analysed. Options: ``--json``, ``--plot out.html|out.png``, ``--allow-truncated``
(import the valid part of a FIT file that ends early), ``--hr-max``/``--hr-rest``/``--sex``
for zones and TRIMP (without ``--hr-max`` the highest heart rate in the file is used, and
said so), ``--fit-reader auto|fitdecode|fitfast``.

JSON output (``--json``): one object; all units SI (metres, seconds, m/s, bpm); ``null``
where the file cannot tell::

    {
      "file": "run.fit",
      "warnings": ["..."],                 # what the importer worked around
      "summary": {"sport", "start" (ISO 8601 UTC or null), "device", "distance_m",
                  "elapsed_s", "moving_s", "avg_speed_mps", "avg_heart_rate_bpm",
                  "max_heart_rate_bpm", "ascent_m", "descent_m", "has_gps"},
      "splits": {"laps": [SPLIT...], "400m": [...], "km": [...], "mile": [...]},
          # SPLIT = {"number", "start_m", "distance_m", "start_s", "time_s",
          #          "avg_heart_rate_bpm", "speed_mps", "pace_s_per_400m"}
          # "laps" also carries "device_distance_m" (the lap message's own total)
      "pacing": null | {"lap_paces_s_per_400m", "mean_pace_s_per_400m", "deviations",
                        "speed_cv", "first_lap_ratio", "split" ("negative"|"positive"|
                        "even"), "first_half_s", "second_half_s", "even",
                        "too_fast_start", "basis" ("reps" of an interval session |
                        "laps" | "400m")},
      "intervals": [{"kind" ("work"|"recovery"), "number", "start_s", "time_s",
                     "distance_m", "avg_heart_rate_bpm", "speed_mps",
                     "source" ("laps": the watch's laps | "stream": the speed stream)}...],
      "best_efforts": [{"name" ("400m", "mile"...), "distance_m", "time_s", "start_s",
                        "start_m", "speed_mps"}...],
      "time_trial": null | {"name", "distance_m", "time_s", "start_s", "contrast"},
      "heart_rate": null | {"hr_max_bpm", "hr_max_source" ("option"|"observed"),
                            "zones": [{"zone", "low_bpm", "high_bpm", "seconds"}...],
                            "trimp" (Banister 1991; needs --hr-rest, else null),
                            "decoupling": null | {"efficiency_first", "efficiency_second",
                                                  "decoupling_pct", "hr_drift_pct"}}
    }
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["configure", "run"]


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
        "--fit-reader",
        choices=("auto", "fitdecode", "fitfast"),
        default="auto",
        help="FIT decoder (auto: fitfast when installed, else fitdecode)",
    )


def _split_dict(split: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {
        "number": split.number,
        "start_m": split.start_m,
        "distance_m": split.distance_m,
        "start_s": split.start_s,
        "time_s": split.time_s,
        "avg_heart_rate_bpm": split.avg_heart_rate_bpm,
        "speed_mps": split.speed_mps,
        "pace_s_per_400m": split.pace_s_per_400m,
    }
    out.update(extra or {})
    return out


def _pacing(
    laps: tuple[Any, ...], quarters: tuple[Any, ...], reps: list[Any], gps_only: bool
) -> dict[str, Any] | None:
    """Pacing over the work reps of an interval session (recoveries would swamp it),
    else over the laps, else over 400 m splits."""
    from miler.activities.pacing import analyse_pacing
    from miler.cli.output import to_jsonable

    basis, chosen = "reps", [r for r in reps if r.kind == "work" and r.distance_m > 0]
    if len(chosen) < 2:
        basis, chosen = "laps", [s for s in laps if s.distance_m > 0 and s.time_s > 0]
    if len(chosen) < 2:
        basis, chosen = "400m", [s for s in quarters if s.distance_m >= 100 and s.time_s > 0]
    if len(chosen) < 2:
        return None
    report = analyse_pacing(
        [s.time_s for s in chosen], [s.distance_m for s in chosen], gps_only=gps_only
    )
    payload: dict[str, Any] = to_jsonable(report)
    payload["basis"] = basis
    return payload


def _heart_rate(activity: Any, args: argparse.Namespace) -> dict[str, Any] | None:
    import numpy as np

    from miler.activities.heart_rate import aerobic_decoupling, time_in_zones
    from miler.activities.load import trimp
    from miler.cli.output import to_jsonable

    samples = activity.samples
    if not samples.has("heart_rate_bpm"):
        return None
    hr_max = args.hr_max if args.hr_max else float(np.nanmax(samples.heart_rate_bpm))
    load = (
        trimp(samples, args.hr_rest, hr_max, "female" if args.sex == "F" else "male")
        if args.hr_rest
        else None
    )
    return {
        "hr_max_bpm": hr_max,
        "hr_max_source": "option" if args.hr_max else "observed",
        "zones": to_jsonable(time_in_zones(samples, hr_max)),
        "trimp": load,
        "decoupling": to_jsonable(aerobic_decoupling(samples)),
    }


def analyse_file(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """Load and analyse ``args.file``: the activity and the JSON-ready report."""
    from miler.activities.base import load_activity
    from miler.activities.best_efforts import best_efforts, recognise_time_trial
    from miler.activities.intervals import detect_intervals
    from miler.activities.splits import split_by_distance, split_by_laps
    from miler.activities.summary import summarise
    from miler.cli.output import to_jsonable
    from miler.units import MILE_M, event_name

    loaded = load_activity(
        args.file, allow_truncated=args.allow_truncated, fit_reader=args.fit_reader
    )
    activity = loaded.running_part()
    samples = activity.samples
    laps = split_by_laps(activity)
    quarters = split_by_distance(samples, 400.0)
    trial = recognise_time_trial(samples)
    reps = detect_intervals(samples, activity.laps)
    report: dict[str, Any] = {
        "file": args.file.name,
        "warnings": list(loaded.warnings),
        "summary": to_jsonable(summarise(activity)),
        "splits": {
            "laps": [
                _split_dict(s, {"device_distance_m": lap.distance_m})
                for s, lap in zip(laps, activity.laps, strict=True)
            ],
            "400m": [_split_dict(s) for s in quarters],
            "km": [_split_dict(s) for s in split_by_distance(samples, 1000.0)],
            "mile": [_split_dict(s) for s in split_by_distance(samples, MILE_M)],
        },
        "pacing": _pacing(laps, quarters, list(reps), gps_only=activity.source_format != "fit"),
        "intervals": [{**to_jsonable(rep), "speed_mps": rep.speed_mps} for rep in reps],
        "best_efforts": [
            {"name": event_name(e.distance_m), **to_jsonable(e), "speed_mps": e.speed_mps}
            for e in best_efforts(samples)
        ],
        "time_trial": None
        if trial is None
        else {
            "name": event_name(trial.effort.distance_m),
            "distance_m": trial.effort.distance_m,
            "time_s": trial.effort.time_s,
            "start_s": trial.effort.start_s,
            "contrast": trial.contrast,
        },
        "heart_rate": _heart_rate(activity, args),
    }
    return activity, report


def run(args: argparse.Namespace) -> int:
    """Analyse the file and print the report (JSON or tables); write the plot if asked."""
    from miler.cli.output import show

    activity, report = analyse_file(args)
    for warning in report["warnings"]:
        print(f"miler analyse: warning: {warning}", file=sys.stderr)
    if args.plot is not None:
        _write_plot(activity, args.file.name, args.plot)
    return show(report, args.json, _render)


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
        f"[bold]{report['file']}[/bold]  {s['sport']}  "
        f"{s['start'] or 'start unknown'}  {s['device'] or ''}"
    )
    out.print(
        f"distance {s['distance_m'] / 1000:.2f} km   moving {_fmt(s['moving_s'])}   "
        f"elapsed {_fmt(s['elapsed_s'])}   pace {format_pace(speed, 'km') if speed else '-'}"
        f"   {format_pace(speed, 'mi') if speed else ''}"
    )
    if s["avg_heart_rate_bpm"] is not None:
        out.print(
            f"heart rate avg {s['avg_heart_rate_bpm']:.0f}  max {s['max_heart_rate_bpm']:.0f} bpm"
        )
    if s["ascent_m"] is not None:
        out.print(f"climb +{s['ascent_m']:.0f} m / -{s['descent_m']:.0f} m")
    for key in ("laps", "mile", "km"):
        splits = report["splits"][key]
        if not splits:
            continue
        table = Table(title=f"splits by {key}")
        for column in ("#", "distance", "time", "pace /400m", "HR"):
            table.add_column(column, justify="right")
        for sp in splits:
            hr = sp["avg_heart_rate_bpm"]
            table.add_row(
                str(sp["number"]),
                f"{sp['distance_m']:.0f} m",
                _fmt(sp["time_s"]),
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
    if report["time_trial"]:
        tt = report["time_trial"]
        out.print(f"time trial recognised: {tt['name']} in {_fmt(tt['time_s'])}")
    hr = report["heart_rate"]
    if hr:
        zones = ", ".join(
            f"Z{z['zone']} {_fmt(z['seconds'])}" for z in hr["zones"] if z["seconds"] > 0
        )
        out.print(f"time in zones (HRmax {hr['hr_max_bpm']:.0f}, {hr['hr_max_source']}): {zones}")
        if hr["trimp"] is not None:
            out.print(f"TRIMP (Banister 1991): {hr['trimp']:.0f}")
        if hr["decoupling"]:
            out.print(
                f"aerobic decoupling {hr['decoupling']['decoupling_pct']:.1f} %, "
                f"HR drift {hr['decoupling']['hr_drift_pct']:.1f} %"
            )
