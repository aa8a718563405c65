"""``miler adapt PLAN RUN [RUN ...]``: what was done against what was planned, then re-plan.

Each RUN is a FIT, GPX or TCX file (gzipped or not) or a folder of them. Every planned
session gets an outcome (done, partial, moved, missed, not recorded, upcoming), every week
its planned and done running minutes and a verdict, and all-out efforts (a time trial or
race that was run, or one the analysis recognises) become new results. From those and the
running done in the last weeks the rest of the plan is rebuilt: the weeks that have begun
stay as they were, the goal and race date stay, paces follow the new results and the
volume restarts lower after missed weeks (docs/rule-choices.md, choice 9).
``--out FILE`` writes the revised plan (through a temporary file and a rename; the plan
given is never changed); export it again with ``miler export`` and the calendar updates
in place. A file that cannot be read is listed with the reason and the others are used;
the same run given twice (or as FIT and GPX) counts once.

Options: ``--today YYYY-MM-DD`` (default: the system date), ``--tz ZONE`` (the runner's
time zone, which day a run belongs to; default UTC), ``--force`` (re-plan even if the new
results make the goal unrealistic), ``--allow-truncated`` (use the valid part of a FIT
file that ends early), ``--json``.

JSON output (``--json``, one object)::

    {
      "plan": "plan.json", "today": "2026-11-26",
      "files": [{"index": 0, "path": "runs/a.fit", "error": null,     # index = activity_index
                 "run_id": "3f2a..."}],                              # SHA-256 of the file
      "match": {"sessions": [...], "weeks": [...], "extras": [...], "ignored": [...],
                "evidence": [...], "best_training_mile": {...} | null, "totals": {...}},
      "results_used": [{"distance_m": 1609.344, "time_s": 362.1, "date": "2026-11-20",
                        "tag": "time_trial", ...}],   # the evidence given to the re-plan
      "revision": {"first_rebuilt_week": 5, "current_mile_before_s": 370.0,
                   "current_mile_after_s": 362.1, "recent_weekly_run_min": 141.0,
                   "kept": [...], "changed": [...], "added": [...], "dropped": [...],
                   "reasons": ["..."], "goal_realistic": true} | null,   # null: plan over
      "out": "revised.json" | null
    }

Times are seconds and distances metres, as in the plan file; ``match`` holds every field of
:class:`miler.adapt.match.PlanMatch`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from miler.adapt.match import PlanMatch
    from miler.plan.model import Plan


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "plan", type=Path, nargs="?", help="the plan file (none: the training log's plan)"
    )
    parser.add_argument(
        "runs", type=Path, nargs="*", metavar="RUN", help="run files or folders of them"
    )
    from miler.cli.logbook import add_database_option

    add_database_option(parser)
    parser.add_argument("--today", help="the date to judge by, YYYY-MM-DD (default: today)")
    parser.add_argument("--tz", help="your time zone, e.g. Europe/London (default: UTC)")
    parser.add_argument("--out", type=Path, help="write the revised plan here")
    parser.add_argument("--force", action="store_true", help="re-plan even an unrealistic goal")
    parser.add_argument(
        "--allow-truncated", action="store_true", help="use the valid part of a cut FIT file"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run ``miler adapt``; returns the exit status."""
    from miler.cli.files import activity_paths, read_plan_file
    from miler.cli.output import show
    from miler.cli.results import today_from
    from miler.services.adapt import adapt_plan, read_runs

    if args.plan is None or not args.runs:
        from miler.cli.log_adapt import run_from_log

        return run_from_log(args)
    plan = read_plan_file(args.plan)
    tz = None
    if args.tz:
        from miler.export.ics import zone

        tz = zone(args.tz)
    today = today_from(args.today, tz)
    activities, files = read_runs(activity_paths(args.runs), allow_truncated=args.allow_truncated)
    adapted = adapt_plan(plan, activities, today=today, tz=tz, force=args.force, files=files)
    if adapted.revised is not None and args.out is not None:
        from miler.export.atomic import write_atomic

        write_atomic(args.out, adapted.revised.to_json().encode("utf-8"))
    wrote = adapted.revised is not None and args.out is not None
    report = {
        "plan": str(args.plan),
        **adapted.report_json(),
        "out": str(args.out) if wrote else None,
    }
    return show(report, args.json, _render_with(plan, adapted.match))


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.0f}"


def _render_with(plan: Plan, match: PlanMatch) -> Any:
    def render(report: dict[str, Any]) -> None:
        _render(plan, match, report)

    return render


def _render(plan: Plan, match: PlanMatch, report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import event_name, format_time

    out = console()
    for entry in report["files"]:
        if entry["error"]:
            out.print(f"skipped: {entry['error']}", markup=False)
    names = {e["index"]: Path(e["path"]).name for e in report["files"] if e["index"] is not None}
    for ignored in match.ignored:
        why = str(ignored.reason).replace("_", " ")
        out.print(f"not counted: {names[ignored.activity_index]} ({why})", markup=False)

    weeks = Table(title=f"weeks to {match.today.isoformat()}")
    for column in ("week", "starts", "phase", "run min due", "done", "sessions", "verdict"):
        weeks.add_column(column, justify="left" if column in ("phase", "verdict") else "right")
    for week in match.weeks:
        if week.start_date > match.today:
            break
        weeks.add_row(
            str(week.index),
            week.start_date.isoformat(),
            week.phase,
            _minutes(week.planned_run_due_s),
            _minutes(week.done_run_s + week.extra_s),
            f"{week.sessions_done}/{week.sessions_due}",
            str(week.verdict),
        )
    out.print(weeks)

    sessions = Table(title="sessions so far")
    for column in ("date", "session", "outcome", "done", "notes"):
        sessions.add_column(column)
    for outcome in match.sessions:
        if outcome.date > match.today:
            break
        done = ""
        if outcome.activity_index is not None and outcome.done_s is not None:
            done = format_time(outcome.done_s, decimals=0)
            if outcome.done_distance_m:
                done += f" / {outcome.done_distance_m / 1000:.2f} km"
            if outcome.done_date is not None and outcome.done_date != outcome.date:
                done += f" on {outcome.done_date.strftime('%a %d')}"
        sessions.add_row(
            outcome.date.strftime("%a %d %b"),
            outcome.name,
            str(outcome.outcome).replace("_", " "),
            done,
            "; ".join(outcome.notes),
        )
    out.print(sessions)
    totals = match.totals
    share = "" if totals.run_share is None else f", {totals.run_share:.0%} of the running"
    out.print(f"done so far: {totals.sessions_done} of {totals.sessions_due} sessions{share}")
    used = {
        (dt.date.fromisoformat(r["date"]) if r["date"] else None, r["distance_m"], r["time_s"])
        for r in report["results_used"]
    }
    for evidence in match.evidence:
        verdict = (
            "new result"
            if (evidence.date, evidence.distance_m, evidence.time_s) in used
            else "not used (a recognised effort slower than your current mile may not have "
            "been all-out)"
        )
        out.print(
            f"{event_name(evidence.distance_m)} in {format_time(evidence.time_s)} on "
            f"{evidence.date.isoformat()} ({str(evidence.source).replace('_', ' ')}): {verdict}"
        )
    revision = report["revision"]
    if revision is None:
        out.print("the plan is over: nothing left to re-plan")
        return
    out.print(f"re-plan from week {revision['first_rebuilt_week']}:")
    for reason in revision["reasons"]:
        out.print(f"  {reason}", markup=False)
    if report["out"]:
        out.print(f"revised plan written to {report['out']}")
    else:
        out.print("add --out FILE to write the revised plan")
