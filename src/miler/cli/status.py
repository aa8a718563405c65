"""``miler status``: where you stand today, from the training log.

Fitness, fatigue and form (CTL, ATL, TSB: Banister's impulse-response model with 42- and
7-day time constants, from each activity's TRIMP; activities without heart rate are priced
from their pace, or estimated), the current mile and the results it came from, this plan
week's running planned and done, personal bests and the next sessions.

Options: ``--tz`` (your time zone; default UTC), ``--json``::

    {"today", "athlete_id", "runs",
     "fitness": {"ctl", "atl", "tsb", "ctl_week_ago", "load_last_7_days",
                 "load_basis": {"heart_rate"|"pace"|"estimate": count}},
     "current_mile": null | {"time_s", "time", "kind", "estimated", "low_s", "high_s",
                             "source", "method", "used", "left_out", "lifetime_best_s",
                             "stale"},
     "plan_id", "plan_revision",
     "this_week": null | {"week", "start_date", "phase", "sessions_planned", "sessions_due",
                          "planned_run_min", "planned_run_due_min", "done_run_min",
                          "compliance"},
     "personal_bests": [{"event", "distance_m", "time_s", "date", "tag", "source"}...],
     "next_sessions": [{"date", "session_id", "type", "name"}...]}
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from miler.cli.logbook import add_database_option, open_log, require_athlete

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler status``."""
    parser.add_argument("--tz", default="UTC", help="your time zone, e.g. Europe/London")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def run(args: argparse.Namespace) -> int:
    """Print the runner's status."""
    from miler.cli.import_runs import time_zone
    from miler.cli.output import show
    from miler.cli.results import today_from
    from miler.services.status import FITNESS_WINDOW_DAYS, status
    from miler.store import SqlAthleteStore, SqlEventStore, SqlPlanStore, SqlRunStore

    tz = time_zone(args.tz)
    today = today_from(args.today, tz)
    db = open_log(args)
    try:
        athlete = require_athlete(db)
        since = dt.datetime.combine(
            today - dt.timedelta(days=FITNESS_WINDOW_DAYS + 1), dt.time(), tzinfo=tz
        )
        report = status(
            athlete,
            SqlAthleteStore(db).results(athlete.athlete_id),
            SqlRunStore(db).list_runs(athlete.athlete_id, since=since),
            SqlPlanStore(db).current_plan(athlete.athlete_id),
            today=today,
            tz=tz,
            events=SqlEventStore(db).events(athlete.athlete_id),
        )
    finally:
        db.close()
    return show(report.model_dump(mode="json"), args.json, _render)


def _render(r: dict[str, Any]) -> None:
    from miler.cli.output import console
    from miler.units import format_time

    out = console()
    f = r["fitness"]
    trend = f["ctl"] - f["ctl_week_ago"]
    out.print(f"[bold]status on {r['today']}[/bold]  ({r['runs']} activities in the last year)")
    out.print(
        f"fitness (CTL) {f['ctl']:.1f} ({trend:+.1f} in a week)   fatigue (ATL) {f['atl']:.1f}"
        f"   form (TSB) {f['tsb']:+.1f}   load last 7 days {f['load_last_7_days']:.0f}"
    )
    mile = r["current_mile"]
    if mile is None:
        out.print("current mile: no results yet (miler athlete update --result ...)")
    else:
        out.print(f"current mile {mile['time']}  from {mile['source']} ({mile['method']})")
    week = r["this_week"]
    if week is not None:
        share = "-" if week["compliance"] is None else f"{100 * week['compliance']:.0f} %"
        out.print(
            f"week {week['week']} ({week['phase']}): ran {week['done_run_min']:.0f} of "
            f"{week['planned_run_due_min']:.0f} min due ({share}); "
            f"{week['planned_run_min']:.0f} min planned this week"
        )
    if r["personal_bests"]:
        bests = "   ".join(
            f"{b['event']} {format_time(b['time_s'])} ({b['date']})" for b in r["personal_bests"]
        )
        out.print(f"bests: {bests}", soft_wrap=True)
    for s in r["next_sessions"]:
        out.print(f"next: {s['date']}  {s['name']}")
    if r["plan_id"] is None:
        out.print("no current plan: make one with 'miler plan'")
