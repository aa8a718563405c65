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
      "predicted_s": 359.15,       # predicted time, seconds
      "predicted": "5:59.1",       # the same, formatted
      "low_s": 346.55,             # low end of the range, seconds
      "high_s": 372.2,             # high end of the range, seconds
      "low": "5:46.5", "high": "6:12.2",
      "coverage": 0.8,             # the range is meant to hold ~80 % of real outcomes
      "method": "auto",            # method used
      "basis": "open-standard grade blended with Riegel by level",  # what it rested on
      "sex": null,                 # "M", "F" or null (men's standards/records then)
      "inputs": [{"event": "5k", "distance_m": 5000.0, "time_s": 1200.0}],
      "notes": [],                 # e.g. "bounded by the world record"
      "estimated": true            # always true: a prediction, not a result
    }

With ``--batch --json`` the object is ``{"target", "target_m", "method", "athletes",
"rows_skipped", "errors": [{"row", "athlete_id", "message"}], "out"}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from miler.science.predict import Prediction

__all__ = ["configure", "run"]

_METHODS = ("auto", "riegel", "vdot", "cameron", "purdy", "personal")


def configure(parser: argparse.ArgumentParser) -> None:
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
    if not args.result:
        raise InvalidInputError("give at least one --result EVENT=TIME (e.g. 5k=20:00) or --batch")
    return _run_single(args, target_m)


def _run_single(args: argparse.Namespace, target_m: float) -> int:
    from miler.science.predict import predict_time
    from miler.units import parse_result

    results = [parse_result(text) for text in args.result]
    prediction = predict_time(results, target_m, args.method, exponent=args.exponent, sex=args.sex)
    payload = _payload(prediction)
    if args.json:
        from miler.cli.output import emit_json

        emit_json(payload)
    else:
        _render(payload)
    return 0


def _payload(p: Prediction) -> dict[str, Any]:
    from miler.units import event_name, format_time

    return {
        "target": event_name(p.target_m),
        "target_m": p.target_m,
        "predicted_s": round(p.predicted_s, 2),
        "predicted": format_time(p.predicted_s),
        "low_s": round(p.low_s, 2),
        "high_s": round(p.high_s, 2),
        "low": format_time(p.low_s),
        "high": format_time(p.high_s),
        "coverage": p.coverage,
        "method": p.method,
        "basis": p.basis,
        "sex": p.sex,
        "inputs": [{"event": event_name(d), "distance_m": d, "time_s": t} for d, t in p.inputs],
        "notes": list(p.notes),
        "estimated": True,
    }


def _render(payload: dict[str, Any]) -> None:
    from miler.cli.output import console
    from miler.units import format_time

    inputs = ", ".join(f"{i['event']} {format_time(i['time_s'])}" for i in payload["inputs"])
    out = console()
    out.print(
        f"[bold]{payload['target']}[/bold]: [bold green]{payload['predicted']}[/bold green] "
        f"(80 % range {payload['low']}-{payload['high']})"
    )
    out.print(f"method: {payload['method']} ({payload['basis']}); from {inputs}")
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
    from miler.science.batch import predict_batch
    from miler.units import event_name

    if args.out is None:
        raise InvalidInputError("--batch needs --out FILE for the predictions")
    ids, distances, times, sexes, problems = _read_batch(args.batch)
    result = predict_batch(
        ids,
        distances,
        times,
        target_m,
        args.method,
        exponent=args.exponent,
        sex=args.sex if sexes is None else sexes,
    )
    messages = {e.row: e.message for e in result.errors}
    messages.update({i: p for i, p in enumerate(problems) if p})
    target = event_name(target_m)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write("athlete_id,target,predicted_s,low_s,high_s,method\n")
        for k, athlete in enumerate(result.athlete_ids):
            handle.write(
                f"{_csv_field(athlete)},{target},{result.predicted_s[k]:.2f},"
                f"{result.low_s[k]:.2f},{result.high_s[k]:.2f},{result.method}\n"
            )
    errors = [
        {"row": row + 2, "athlete_id": ids[row], "message": messages[row]}
        for row in sorted(messages)
    ]
    if args.json:
        from miler.cli.output import emit_json

        emit_json(
            {
                "target": target,
                "target_m": target_m,
                "method": result.method,
                "athletes": len(result.athlete_ids),
                "rows_skipped": len(errors),
                "errors": errors,
                "out": str(args.out),
            }
        )
    else:
        for e in errors:
            print(
                f"{args.batch}: line {e['row']} (athlete {e['athlete_id']}): {e['message']}",
                file=sys.stderr,
            )
        print(
            f"predicted {target} for {len(result.athlete_ids)} athletes -> {args.out}"
            f" ({len(errors)} rows skipped)"
        )
    return 0


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
