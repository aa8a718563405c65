"""``miler export-data FILE`` / ``miler import-data FILE``: the whole training log as one
archive (a zip of JSON lines and the original activity files) to keep or move elsewhere.

``import-data`` fills an empty log (``--database-url`` at a new one, e.g. moving from SQLite
to PostgreSQL) with everything as it was; a round trip loses nothing. ``--json`` prints
``{"file", "rows": {"athletes", "runs", "results", "plans", "events"}}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from miler.cli.logbook import add_database_option, open_log

__all__ = ["configure_export", "configure_import", "run_export", "run_import"]


def _configure(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("file", type=Path, help=what)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def configure_export(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``miler export-data``."""
    _configure(parser, "the archive to write (.zip)")


def configure_import(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``miler import-data``."""
    _configure(parser, "an archive written by 'miler export-data'")


def run_export(args: argparse.Namespace) -> int:
    """Write the archive."""
    from miler.cli.output import show
    from miler.store.archive import export_archive

    db = open_log(args)
    try:
        rows = export_archive(db, args.file)
    finally:
        db.close()
    return show({"file": str(args.file), "rows": rows}, args.json, _render("written to"))


def run_import(args: argparse.Namespace) -> int:
    """Fill the log from the archive."""
    from miler.cli.output import show
    from miler.store.archive import import_archive

    db = open_log(args)
    try:
        rows = import_archive(db, args.file)
    finally:
        db.close()
    return show({"file": str(args.file), "rows": rows}, args.json, _render("read from"))


def _render(verb: str) -> Any:
    def render(report: dict[str, Any]) -> None:
        from miler.cli.output import console

        counts = ", ".join(f"{n} {name}" for name, n in report["rows"].items())
        console().print(f"log {verb} {report['file']}: {counts}")

    return render
