"""``miler log``: your training by week, from the training log.

Each week (Monday to Sunday) lists the activities stored by ``miler import`` and the current
plan's sessions, each run matched to the session it fulfilled (the matching ``miler adapt``
uses: done, moved, partial, missed, upcoming). Filters: ``--since``/``--until``
(YYYY-MM-DD, inclusive), ``--kind run|cross_training|strength|other|all``. ``--tz`` is your
time zone (which day a run belongs to; default UTC).

JSON output (``--json``)::

    {"today", "since", "until", "kind", "plan_id", "plan_revision",
     "weeks": [{"start_date", "run_distance_m", "run_moving_s", "other_moving_s",
                "runs": [{"run_id", "date", "start", "kind", "sport", "name", "file_name",
                          "distance_m", "moving_s", "avg_speed_mps", "avg_heart_rate_bpm",
                          "time_trial", "session_id", "outcome"}...],
                "sessions": [{"session_id", "date", "type", "name", "outcome" (adapt's
                              outcomes, or "break" when missed inside a break), "run_id",
                              "planned_s", "done_s"}...],
                "events": [{"event_id", "kind" ("skip"|"move"|"break"), "session_id",
                            "from_date", "to_date", "reason", "plan_id", "revision"}...]}...]}
"""

from __future__ import annotations

import argparse
from typing import Any

from miler.cli.logbook import add_database_option, open_log, require_athlete

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler log``."""
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="first day shown")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="last day shown")
    parser.add_argument(
        "--kind",
        choices=("all", "run", "cross_training", "strength", "other"),
        default="all",
        help="which activities (default all)",
    )
    parser.add_argument("--tz", default="UTC", help="your time zone, e.g. Europe/London")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def run(args: argparse.Namespace) -> int:
    """Print the log."""
    from miler.cli.import_runs import time_zone
    from miler.cli.output import show
    from miler.cli.results import parse_date, today_from
    from miler.errors import InvalidInputError
    from miler.services.training_log import training_log
    from miler.store import SqlEventStore, SqlPlanStore, SqlRunStore

    tz = time_zone(args.tz)
    today = today_from(args.today, tz)
    since = parse_date(args.since, "--since date")
    until = parse_date(args.until, "--until date")
    if since and until and until < since:
        raise InvalidInputError(f"--until {until} is before --since {since}")
    db = open_log(args)
    try:
        athlete = require_athlete(db)
        log = training_log(
            athlete.athlete_id,
            SqlRunStore(db),
            SqlPlanStore(db).current_plan(athlete.athlete_id),
            today=today,
            tz=tz,
            since=since,
            until=until,
            kind=args.kind,
            events=SqlEventStore(db).events(athlete.athlete_id),
        )
    finally:
        db.close()
    return show(log.model_dump(mode="json"), args.json, _render)


def _render(log: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import format_pace, format_time

    out = console()
    if not log["weeks"]:
        out.print("nothing in the log for these dates: add runs with 'miler import PATH'")
        return
    for week in log["weeks"]:
        table = Table(
            title=f"week of {week['start_date']}: {week['run_distance_m'] / 1000:.1f} km run "
            f"in {format_time(week['run_moving_s'])}"
        )
        for column in ("date", "what", "distance", "time", "pace", "session"):
            table.add_column(column)
        sessions = {s["run_id"]: s for s in week["sessions"] if s["run_id"] is not None}
        for r in week["runs"]:
            speed = r["avg_speed_mps"]
            s = sessions.get(r["run_id"])
            table.add_row(
                r["date"],
                r["name"] or r["sport"],
                f"{r['distance_m'] / 1000:.2f} km",
                format_time(r["moving_s"]),
                format_pace(speed, "km") if speed else "-",
                "" if s is None else f"{s['name']} ({s['outcome']})",
            )
        for s in week["sessions"]:
            if s["run_id"] is None:
                table.add_row(s["date"], f"[dim]{s['name']}[/dim]", "", "", "", s["outcome"])
        out.print(table)
        for e in week["events"]:
            span = e["from_date"] + (f" to {e['to_date']}" if e["to_date"] else "")
            out.print(f"  {e['kind']} {e['session_id'] or ''} {span} {e['reason']}".rstrip())
