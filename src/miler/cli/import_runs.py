"""``miler import PATH...``: put every run you have into the training log.

PATH is an activity file (.fit, .gpx, .tcx, each optionally .gz), a folder (searched
recursively) or a zip, such as the bulk export of Garmin Connect or Strava (its activity list
gives each run its name and sport). Each file is one transaction: a bad file stores nothing
and is listed with its reason. The same file twice is stored once (content hash); the same
run in two formats (a FIT and the GPX made from it) is stored once, the FIT preferred. The
original file is kept in the log. Time trials and best efforts found in a run become dated
results of the runner.

Options: ``--tz`` (your time zone, e.g. Europe/London; default UTC) dates the results;
``--json`` prints::

    {"imported", "duplicates", "failed",
     "outcomes": [{"source", "status" ("imported"|"duplicate"|"replaced"|"failed"),
                   "run_id", "why"}...]}

Exit status 0 when every file was imported or a duplicate, 1 when some failed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from miler.cli.logbook import add_database_option, open_log, require_athlete

__all__ = ["configure", "run", "time_zone"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler import``."""
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, folders, zips")
    parser.add_argument("--tz", default="UTC", help="your time zone (dates the results)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def time_zone(name: str) -> Any:
    """The IANA time zone ``name``, or a one-line error."""
    import zoneinfo

    from miler.errors import InvalidInputError

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            f"unknown time zone {name!r}: use a name like Europe/London or America/New_York"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Import the files and print the summary."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from miler.cli.output import show
    from miler.services.importing import ImportOutcome, gather, import_sources
    from miler.store import SqlRunStore

    tz = time_zone(args.tz)
    db = open_log(args)
    try:
        athlete = require_athlete(db)
        sources = list(gather(args.paths))
        err = Console(stderr=True)
        with Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=args.json or not err.is_terminal,
        ) as progress:
            task = progress.add_task("", total=len(sources))

            def step(outcome: ImportOutcome) -> None:
                progress.update(task, advance=1, description=outcome.source[-40:])

            summary = import_sources(sources, athlete, SqlRunStore(db), tz, step)
    finally:
        db.close()
    show(summary.model_dump(mode="json"), args.json, _render)
    return 1 if summary.failed else 0


def _render(report: dict[str, Any]) -> None:
    from miler.cli.output import console

    out = console()
    for o in report["outcomes"]:
        if o["status"] == "failed":
            name = o["source"].replace(":", "/").rsplit("/", 1)[-1]
            why = o["why"].removeprefix(f"{name}: ")
            out.print(f"[red]failed[/red] {o['source']}: {why}", highlight=False, soft_wrap=True)
        elif o["status"] == "replaced":
            out.print(f"replaced {o['source']}: {o['why']}", highlight=False, soft_wrap=True)
    out.print(
        f"imported {report['imported']}, duplicates skipped {report['duplicates']}, "
        f"failed {report['failed']}"
    )
