"""What every training-log command shares: the ``--database-url`` option, opening the log,
and finding the runner in it.

Commands that work without the log (``assess``, ``predict``, ``paces``, ``zones``, ``plan``)
call :func:`saved_profile`, which returns None when there is no log or no runner yet, so
they never create a database as a side effect.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miler.services.stores import AthleteProfile
    from miler.store.database import Database

__all__ = ["add_database_option", "open_log", "require_athlete", "saved_profile"]


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--database-url`` (default: ``MILER_DATABASE_URL``, else SQLite in the data folder)."""
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the training log: sqlite:///PATH or postgresql://USER@HOST/DB "
        "(default: $MILER_DATABASE_URL, else miler.db in your data folder)",
    )


def open_log(args: argparse.Namespace, *, check: bool = True) -> Database:
    """Open (and on first use create) the log the command was pointed at."""
    from miler.store.database import open_database

    return open_database(getattr(args, "database_url", None), check=check)


def require_athlete(db: Database) -> AthleteProfile:
    """The runner of the log, or a clear error saying how to create one."""
    from miler.errors import InvalidInputError
    from miler.store import SqlAthleteStore

    athlete = SqlAthleteStore(db).default_athlete()
    if athlete is None:
        raise InvalidInputError(
            "no runner in the training log yet: create one with "
            "'miler athlete create --name NAME --sex M|F --birth-date YYYY-MM-DD'"
        )
    return athlete


def saved_profile(args: argparse.Namespace) -> AthleteProfile | None:
    """The saved runner, when a log exists and holds one; None otherwise (nothing is
    created)."""
    from miler.store import SqlAthleteStore
    from miler.store.database import data_dir, open_database

    url = getattr(args, "database_url", None) or os.environ.get("MILER_DATABASE_URL")
    if url is None and not (data_dir() / "miler.db").exists():
        return None
    db = open_database(url, create=False)
    try:
        return SqlAthleteStore(db).default_athlete()
    finally:
        db.close()
