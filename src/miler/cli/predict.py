"""``miler predict``: predict a race time from other results, for one runner or a whole file.

One runner::

    miler predict --result 5k=20:00 [--result 800m=2:25 ...] --target mile
                  [--method auto|riegel|vdot|cameron|purdy|personal] [--exponent 1.06]
                  [--sex M|F] [--json]

A squad or data set::

    miler predict --batch results.csv --target mile --out predictions.csv [--method ...]

``results.csv`` has the columns ``athlete_id,event,time_s`` (one row per result; ``event`` as
``--result`` accepts, e.g. ``5k``, ``800m``, ``mile``; ``time_s`` seconds or ``m:ss``), and
optionally ``sex`` (``M``/``F``/empty; overrides ``--sex`` row by row).
``predictions.csv`` gets ``athlete_id,target,predicted_s,low_s,high_s,method``, one row per
athlete. Rows that cannot be used are listed on stderr (``row N (athlete X): why``) and skipped.

JSON output (``--json``, one object)::

    {
      "target": "mile",            # canonical name of the target distance
      "target_m": 1609.344,        # target distance in metres
      "predicted_s": 358.67,       # predicted time, seconds
      "predicted": "5:58.7",       # the same, formatted
      "low_s": 341.55,             # low end of the range, seconds
      "high_s": 376.65,            # high end of the range, seconds
      "low": "5:41.6", "high": "6:16.7",
      "coverage": 0.8,             # the range is meant to hold ~80 % of real outcomes
      "method": "auto",            # method used
      "basis": "personal curve from 1 result: ...",  # what it rested on
      "sex": null,                 # "M", "F" or null (men's standards/records then)
      "inputs": [{"event": "5k", "distance_m": 5000.0, "time_s": 1200.0}],
      "counted": [                 # how much each result counted, most weight first
        {"event": "5k", "time": "20:00.0", "weight": 0.997, "grade_percent": 62.9,
         "trust": 1.0, "reason": "the only result; 3.1x the target's distance away"}
      ],                           # weights sum to about 1; trust < 0.6: out of line
      "notes": [],                 # e.g. "bounded by the world record"
      "estimated": true            # always true: a prediction, not a result
    }

It is :class:`miler.services.predict.PredictionReport`'s ``model_dump(mode="json")``.

With ``--batch --json`` the object is ``{"target", "target_m", "method", "athletes",
"rows_skipped", "errors": [{"row", "athlete_id", "message"}], "out"}``
(:class:`miler.services.predict.SquadReport`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["configure", "run"]

_METHODS = ("auto", "curve", "riegel", "vdot", "cameron", "purdy", "personal")


def configure(parser: argparse.ArgumentParser) -> None:
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    """Add the arguments of ``miler predict``."""
    parser.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="EVENT=TIME",
        help="a recent all-out result, e.g. 5k=20:00 or 800m=2:25 (repeat for several)",
    )
    parser.add_argument(
        "--target", required=True, help="distance to predict: 400m ... mile ... marathon"
    )
    parser.add_argument(
        "--method", choices=_METHODS, default="auto", help="prediction method (default: auto)"
    )
    parser.add_argument(
        "--exponent", type=float, default=1.06, help="Riegel exponent (default 1.06)"
    )
    parser.add_argument("--sex", help="M or F: picks standards and records (default: men's)")
    parser.add_argument("--batch", type=Path, help="CSV of athlete_id,event,time_s")
    parser.add_argument("--out", type=Path, help="where --batch writes predictions (CSV)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run ``miler predict``; returns the exit status."""
    from miler.errors import InvalidInputError
    from miler.units import parse_distance

    target_m = parse_distance(args.target)
    if args.batch is not None:
        if args.result:
            raise InvalidInputError("use either --result or --batch, not both")
        return _run_batch(args, target_m)
    from miler.cli.logbook import apply_profile, saved_results
    from miler.cli.results import today_from

    apply_profile(args, today_from(None))
    if not args.result:
        from miler.units import event_name, format_time

        saved = saved_results(args, all_out=True)
        args.result = [f"{event_name(r.distance_m)}={format_time(r.time_s)}" for r in saved]
    if not args.result:
        raise InvalidInputError("give at least one --result EVENT=TIME (e.g. 5k=20:00) or --batch")
    return _run_single(args, target_m)


def _run_single(args: argparse.Namespace, target_m: float) -> int:
    from miler.cli.output import show
    from miler.services.predict import predict
    from miler.units import parse_result

    results = [parse_result(text) for text in args.result]
    report = predict(results, target_m, method=args.method, exponent=args.exponent, sex=args.sex)
    return show(report.model_dump(mode="json"), args.json, _render)


def _render(payload: dict[str, Any]) -> None:
    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    out.print(
        f"[bold]{payload['target']}[/bold]: [bold green]{payload['predicted']}[/bold green] "
        f"(80 % range {payload['low']}-{payload['high']})"
    )
    out.print(f"method: {payload['method']} ({payload['basis']})")
    if payload["counted"]:
        out.print("what counted, and why:")
    else:
        given = ", ".join(f"{i['event']} {format_time(i['time_s'])}" for i in payload["inputs"])
        out.print(f"from {given}")
    for c in payload["counted"]:
        out.print(
            f"  {c['event']:>8} {c['time']:>9}  weight {c['weight']:4.0%}  "
            f"grade {c['grade_percent']:.0f} %: {c['reason']}",
            highlight=False,
        )
    for note in payload["notes"]:
        out.print(f"note: {note}")


def _read_batch(
    path: Path,
) -> tuple[list[str], list[float], list[float], list[str | None] | None, list[str]]:
    """Rows of ``path``; unreadable values become NaN and a message (row numbers 0-based)."""
    import csv

    from miler.errors import InvalidInputError, MilerError
    from miler.units import parse_distance, parse_time

    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(f"cannot read {path}: {error.strerror}") from None
    ids: list[str] = []
    sexes: list[str | None] = []
    distances: list[float] = []
    times: list[float] = []
    problems: list[str] = []
    with handle:
        reader = csv.DictReader(handle)
        missing = {"athlete_id", "event", "time_s"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInputError(
                f"{path} lacks the column(s) {', '.join(sorted(missing))}: "
                "the header must be athlete_id,event,time_s"
            )
        for index, row in enumerate(reader):
            ids.append((row["athlete_id"] or "").strip())
            sexes.append((row.get("sex") or "").strip() or None)
            problem = ""
            try:
                distances.append(parse_distance(row["event"] or ""))
            except MilerError as error:
                distances.append(float("nan"))
                problem = str(error)
            try:
                times.append(parse_time(row["time_s"] or ""))
            except MilerError as error:
                times.append(float("nan"))
                problem = problem or str(error)
            problems.append(problem)
            del index
    has_sex = "sex" in (reader.fieldnames or [])
    return ids, distances, times, (sexes if has_sex else None), problems


def _run_batch(args: argparse.Namespace, target_m: float) -> int:
    import sys

    from miler.errors import InvalidInputError
    from miler.services.predict import predict_squad

    if args.out is None:
        raise InvalidInputError("--batch needs --out FILE for the predictions")
    ids, distances, times, sexes, problems = _read_batch(args.batch)
    report = predict_squad(
        ids,
        distances,
        times,
        target_m,
        method=args.method,
        exponent=args.exponent,
        sex=args.sex if sexes is None else sexes,
        unreadable={i: p for i, p in enumerate(problems) if p},
        out=str(args.out),
    )
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write("athlete_id,target,predicted_s,low_s,high_s,method\n")
        for p in report.predictions:
            handle.write(
                f"{_csv_field(p.athlete_id)},{report.target},{p.predicted_s:.2f},"
                f"{p.low_s:.2f},{p.high_s:.2f},{report.method}\n"
            )
    if args.json:
        from miler.cli.output import emit_json

        emit_json(report.model_dump(mode="json"))
    else:
        for e in report.errors:
            print(
                f"{args.batch}: line {e.row} (athlete {e.athlete_id}): {e.message}",
                file=sys.stderr,
            )
        print(
            f"predicted {report.target} for {report.athletes} athletes -> {args.out}"
            f" ({report.rows_skipped} rows skipped)"
        )
    return 0


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
