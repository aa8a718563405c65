"""``miler skip`` / ``miler move`` / ``miler break``: change the training log's current plan
when life happens. Each makes a new revision whose reason says what changed and why
(``miler plans`` lists them) and records the event.

    miler skip 2026-12-09 --reason "work trip"          # or a session id
    miler move SESSION_ID --to 2026-12-10
    miler break --from 2026-12-14 --to 2026-12-20 --reason illness

``move`` is refused when the moved plan would break a training rule the plan kept.
``break`` takes the sessions of those days out and rebuilds the weeks after it from the
running you did, restarting lower (no jump in load after a break). ``--today`` (default the
date now in ``--tz``), ``--json`` prints ``{"event": {...}, "revision", "reason"}``.
"""

from __future__ import annotations

import argparse
from typing import Any

from miler.cli.logbook import add_database_option, open_log, require_athlete, require_current_plan

__all__ = [
    "configure_break",
    "configure_move",
    "configure_skip",
    "run_break",
    "run_move",
    "run_skip",
]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tz", default="UTC", help="your time zone, e.g. Europe/London")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def configure_skip(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``miler skip``."""
    parser.add_argument("session", help="a session id, or a date with one session")
    parser.add_argument("--reason", default="", help="why (kept with the revision)")
    _common(parser)


def configure_move(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``miler move``."""
    parser.add_argument("session", help="a session id, or a date with one session")
    parser.add_argument("--to", required=True, metavar="YYYY-MM-DD", help="the new day")
    parser.add_argument("--reason", default="", help="why (kept with the revision)")
    _common(parser)


def configure_break(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``miler break``."""
    parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--reason", required=True, choices=("illness", "injury", "travel"))
    _common(parser)


def _change(args: argparse.Namespace, kind: str) -> int:
    from miler.cli.import_runs import time_zone
    from miler.cli.output import show
    from miler.cli.results import parse_date, today_from
    from miler.services import changes
    from miler.services.stores import PlanEvent
    from miler.services.training_log import plan_activities
    from miler.store import SqlEventStore, SqlPlanStore, SqlRunStore

    tz = time_zone(args.tz)
    today = today_from(args.today, tz)
    db = open_log(args)
    try:
        athlete = require_athlete(db)
        plans = SqlPlanStore(db)
        plan = require_current_plan(db, athlete)
        if kind == "skip":
            session = changes.find_session(plan, args.session)
            revised = changes.skip_session(plan, args.session, args.reason, today)
            event = PlanEvent(kind="skip", session_id=session.id, from_date=session.date,
                              reason=args.reason)  # fmt: skip
        elif kind == "move":
            session = changes.find_session(plan, args.session)
            to = parse_date(args.to, "--to date")
            assert to is not None
            revised = changes.move_session(plan, args.session, to, args.reason, today)
            event = PlanEvent(kind="move", session_id=session.id, from_date=session.date,
                              to_date=to, reason=args.reason)  # fmt: skip
        else:
            start = parse_date(args.start, "--from date")
            end = parse_date(args.end, "--to date")
            assert start is not None and end is not None
            _, activities = plan_activities(plan, athlete.athlete_id, SqlRunStore(db), tz)
            revised = changes.take_break(plan, start, end, args.reason, activities, tz)
            event = PlanEvent(kind="break", from_date=start, to_date=end, reason=args.reason)
        stored = changes.record_change(plans, SqlEventStore(db), plan, revised, event)
    finally:
        db.close()
    report = {
        "event": stored.model_dump(mode="json"),
        "revision": revised.revision,
        "reason": revised.reason,
    }
    return show(report, args.json, _render)


def _render(report: dict[str, Any]) -> None:
    from miler.cli.output import console

    console().print(f"revision {report['revision']}: {report['reason']}", soft_wrap=True)


def run_skip(args: argparse.Namespace) -> int:
    """Skip a session."""
    return _change(args, "skip")


def run_move(args: argparse.Namespace) -> int:
    """Move a session."""
    return _change(args, "move")


def run_break(args: argparse.Namespace) -> int:
    """Take a break."""
    return _change(args, "break")
