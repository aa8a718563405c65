"""``miler export``: a plan file to FIT workouts, an ICS calendar, HTML, PDF or Markdown.

Everything is built in memory first, then each file is written whole or not at all, so
a bad plan file or an unwritable folder leaves no half-written zip or calendar.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from miler.plan.model import Plan

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="a plan file made by 'miler plan ... --json'")
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


def _check_options(args: argparse.Namespace) -> None:
    from miler.errors import InvalidInputError

    if not any((args.fit, args.ics, args.html, args.pdf, args.md)):
        raise InvalidInputError(
            "nothing to export: give --fit DIR, --ics FILE, --html FILE, --pdf FILE or --md FILE"
        )
    if args.time and not args.ics:
        raise InvalidInputError("--time applies to the calendar: add --ics FILE")
    if args.tz and not args.time:
        raise InvalidInputError("--tz needs --time: e.g. --time 07:00 --tz Europe/London")


def _check_destinations(args: argparse.Namespace) -> None:
    """Refuse before writing anything if an output's folder is missing."""
    from miler.export.atomic import ExportError

    for path in (args.ics, args.html, args.pdf, args.md):
        if path is None:
            continue
        if path.is_dir():
            raise ExportError(f"cannot write {path}: it is a folder; give a file name")
        if not path.parent.is_dir() and path.parent != args.fit:
            raise ExportError(
                f"cannot write {path}: the folder {path.parent} does not exist; "
                "create it or choose another"
            )


def _documents(plan: Plan, args: argparse.Namespace) -> list[tuple[str, Path, bytes]]:
    from miler.export import document

    out = []
    if args.md is not None:
        out.append(("markdown", args.md, document.plan_to_markdown(plan).encode("utf-8")))
    if args.html is not None:
        out.append(("html", args.html, document.plan_to_html(plan).encode("utf-8")))
    if args.pdf is not None:
        out.append(("pdf", args.pdf, document.plan_to_pdf_bytes(plan)))
    return out


def _calendar(plan: Plan, args: argparse.Namespace) -> bytes:
    from miler.export import ics

    at = _start_time(args.time) if args.time else None
    tz = ics.zone(args.tz) if args.tz else None
    previous = {}
    if args.ics.is_file():
        try:
            previous = ics.parse_stamps(args.ics.read_bytes())
        except OSError:
            previous = {}
    return ics.plan_to_ics(plan, at=at, tz=tz, previous=previous)


def run(args: argparse.Namespace) -> int:
    from miler.export.atomic import ensure_folder, write_atomic
    from miler.export.fit_workout import write_fit_workouts

    _check_options(args)
    if args.tz:
        from miler.export.ics import zone

        zone(args.tz)
    if args.time:
        _start_time(args.time)
    from miler.cli.files import read_plan_file

    plan = read_plan_file(args.plan)
    _check_destinations(args)
    if args.fit is not None:
        ensure_folder(args.fit)  # before checking files that may go inside it
        _check_destinations(args)
    pending = _documents(plan, args)
    if args.ics is not None:
        pending.append(("ics", args.ics, _calendar(plan, args)))
    files: list[dict[str, Any]] = []
    if args.fit is not None:
        for path in write_fit_workouts(plan, args.fit):
            files.append({"format": "zip" if path.suffix == ".zip" else "fit", "path": str(path)})
    for kind, path, data in pending:
        write_atomic(path, data)
        files.append({"format": kind, "path": str(path)})
    sessions = sum(1 for _ in plan.sessions())
    if args.json:
        from miler.cli.output import emit_json

        emit_json(
            {"plan": str(args.plan), "weeks": len(plan.weeks), "sessions": sessions, "files": files}
        )
        return 0
    from miler.cli.output import console

    out = console()
    out.print(
        f"{args.plan}: {len(plan.weeks)} weeks, {sessions} sessions", soft_wrap=True, markup=False
    )
    fit_count = sum(1 for f in files if f["format"] == "fit")
    if fit_count:
        out.print(f"  {fit_count} FIT workouts in {args.fit}", soft_wrap=True, markup=False)
    for entry in files:
        if entry["format"] != "fit":
            out.print(
                f"  {entry['format']:<8} {entry['path']}",
                highlight=False,
                soft_wrap=True,
                markup=False,
            )
    return 0
