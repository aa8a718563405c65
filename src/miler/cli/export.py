"""``miler export``: a plan file to FIT workouts, an ICS calendar, HTML, PDF or Markdown.

The command only parses and renders; :mod:`miler.services.export` does the export (all
files or none, never over the plan file or a file miler did not write without --force).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from miler.services.export import ExportResult

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "plan", type=Path, nargs="?", help="a plan file (none: the training log's current plan)"
    )
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    parser.add_argument("--fit", type=Path, metavar="DIR", help="FIT workouts and a zip, in DIR")
    parser.add_argument(
        "--ics",
        type=Path,
        metavar="FILE",
        help="an iCalendar file; export a revised plan over it to update its events",
    )
    parser.add_argument(
        "--time", metavar="HH:MM", help="with --ics: start sessions at this time (default all-day)"
    )
    parser.add_argument(
        "--tz", metavar="ZONE", help="with --time: an IANA time zone, e.g. Europe/London"
    )
    parser.add_argument("--html", type=Path, metavar="FILE", help="a printable HTML page")
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="a printable PDF")
    parser.add_argument("--md", type=Path, metavar="FILE", help="a Markdown file")
    parser.add_argument(
        "--paper",
        choices=("A4", "Letter"),
        type=lambda text: {"a4": "A4", "letter": "Letter"}.get(text.lower(), text),
        default="A4",
        help="page size of the HTML and PDF (default A4)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace output files that miler did not write (never the plan file)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _start_time(text: str) -> dt.time:
    import datetime as dt

    from miler.errors import InvalidInputError

    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise InvalidInputError(
            f"cannot read the start time {text!r}: use 24-hour HH:MM, e.g. 07:00 or 18:30"
        )
    return dt.time(int(match.group(1)), int(match.group(2)))


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from miler.cli.files import read_plan_file
    from miler.services.export import ExportRequest, export_plan

    start = _start_time(args.time) if args.time else None
    if args.tz:
        from miler.export.ics import zone

        zone(args.tz)
    request_paths = {
        "fit_dir": args.fit,
        "ics": args.ics,
        "html": args.html,
        "pdf": args.pdf,
        "markdown": args.md,
    }
    if not any(request_paths.values()):
        from miler.errors import InvalidInputError

        raise InvalidInputError(
            "nothing to export: give --fit DIR, --ics FILE, --html FILE, --pdf FILE or --md FILE"
        )
    if args.plan is None:
        from miler.cli.logbook import current_plan

        plan = current_plan(args)
    else:
        plan = read_plan_file(args.plan)
    result = export_plan(
        ExportRequest(
            plan=plan,
            plan_path=args.plan,
            start_time=start,
            tz=args.tz,
            paper=args.paper,
            force=args.force,
            now=dt.datetime.now(dt.UTC),
            **request_paths,
        )
    )
    if args.json:
        from miler.cli.output import emit_json

        emit_json(result.model_dump(mode="json"))
        return 0
    _render(result, args)
    return 0


def _render(result: ExportResult, args: argparse.Namespace) -> None:
    from miler.cli.output import console

    out = console()

    def say(text: str) -> None:
        out.print(text, highlight=False, soft_wrap=True, markup=False)

    say(f"{args.plan}: {result.weeks} weeks, {result.sessions} sessions")
    fit_count = sum(1 for f in result.files if f.format == "fit")
    if fit_count:
        say(f"  {fit_count} FIT workouts in {args.fit}")
    for entry in result.files:
        if entry.format not in ("fit", "manifest"):
            say(f"  {entry.format:<8} {entry.path}")
    if result.removed:
        say(f"  removed {len(result.removed)} workouts the plan no longer has")
    if result.cancelled_events:
        say(f"  {len(result.cancelled_events)} calendar events sent as cancelled")
    for warning in result.warnings:
        say(f"  warning: {warning}")
