"""What every training-log command shares: the ``--database-url`` option, opening the log,
and finding the runner in it.

Commands that work without the log (``assess``, ``predict``, ``paces``, ``zones``, ``plan``)
call :func:`apply_profile`: when the log holds a runner, what the command line left unset
(age, sex, heart rates, days, long-run day, name, equipment, results) comes from the saved
profile; flags still override. Without a log or a runner nothing changes and no database is
created as a side effect.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from miler.plan.model import Plan
    from miler.plan.request import RaceResult
    from miler.services.stores import AthleteProfile
    from miler.store.database import Database

__all__ = [
    "add_database_option",
    "apply_profile",
    "current_plan",
    "open_log",
    "require_athlete",
    "save_plan",
    "saved_profile",
    "saved_results",
]

#: argument -> how the saved profile fills it when the command line left it unset
_FILLED = ("age", "sex", "hr_max", "hr_rest", "days", "long_run_day", "name")


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


def require_current_plan(db: Database, athlete: AthleteProfile) -> Plan:
    """The runner's current plan in the log, or a clear error saying how to make one."""
    from miler.errors import InvalidInputError
    from miler.store import SqlPlanStore

    plan = SqlPlanStore(db).current_plan(athlete.athlete_id)
    if plan is None:
        raise InvalidInputError("no current plan in the log: make one with 'miler plan'")
    return plan


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


def save_plan(args: argparse.Namespace, plan: Plan) -> bool:
    """Save ``plan`` as the runner's current plan when the log holds the runner it was made
    for; False (nothing stored) when there is no log or no such runner."""
    from miler.store import SqlAthleteStore, SqlPlanStore
    from miler.store.database import data_dir, open_database

    url = getattr(args, "database_url", None) or os.environ.get("MILER_DATABASE_URL")
    if url is None and not (data_dir() / "miler.db").exists():
        return False
    db = open_database(url, create=False)
    try:
        if SqlAthleteStore(db).get_athlete(plan.athlete_id) is None:
            return False
        SqlPlanStore(db).save_plan(plan)
        return True
    finally:
        db.close()


def apply_profile(args: argparse.Namespace, today: dt.date) -> AthleteProfile | None:
    """Fill what ``args`` left unset from the saved runner (see the module notes); the
    runner's results go to :func:`saved_results`. Returns the runner, or None."""
    profile = saved_profile(args)
    args._saved_profile = profile
    if profile is None:
        return None
    values = {
        "age": profile.age_on(today),
        "sex": profile.sex,
        "hr_max": profile.hr_max_bpm,
        "hr_rest": profile.hr_rest_bpm,
        "days": ",".join(profile.days) or None,
        "long_run_day": profile.long_run_day,
        "name": profile.name or None,
    }
    for name in _FILLED:
        if hasattr(args, name) and getattr(args, name) in (None, "") and values[name] is not None:
            setattr(args, name, values[name])
    kit = profile.equipment
    for flag, have in (("no_track", not kit.track), ("no_gym", not kit.gym),
                       ("no_hills", not kit.hills), ("treadmill", kit.treadmill),
                       ("sled", kit.sled), ("parachute", kit.parachute),
                       ("boxes", kit.boxes)):  # fmt: skip
        if hasattr(args, flag) and have:
            setattr(args, flag, True)
    return profile


def saved_results(args: argparse.Namespace, *, all_out: bool = False) -> tuple[RaceResult, ...]:
    """The saved runner's dated results (with their tags) when :func:`apply_profile` found a
    runner; empty otherwise. ``all_out``: only races and time trials (R-F3.1)."""
    profile = getattr(args, "_saved_profile", None)
    if profile is None:
        return ()
    from miler.store import SqlAthleteStore
    from miler.store.database import open_database

    url = getattr(args, "database_url", None) or os.environ.get("MILER_DATABASE_URL")
    db = open_database(url, create=False)
    try:
        results = SqlAthleteStore(db).results(profile.athlete_id)
        return tuple(
            r.as_race_result() for r in results if not all_out or r.tag in ("race", "time_trial")
        )
    finally:
        db.close()


def current_plan(args: argparse.Namespace) -> Plan:
    """The runner's current plan in the log, or a clear error."""
    from miler.errors import InvalidInputError
    from miler.store import SqlPlanStore

    db = open_log(args)
    try:
        athlete = require_athlete(db)
        plan = SqlPlanStore(db).current_plan(athlete.athlete_id)
    finally:
        db.close()
    if plan is None:
        raise InvalidInputError(
            "no current plan in the training log: make one with 'miler plan', or give a plan file"
        )
    return plan
