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
      "files": [{"index": 0, "path": "runs/a.fit", "error": null}],   # index = activity_index
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
    from miler.adapt.replan import Revision
    from miler.plan.model import Plan


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="the plan file (from miler plan --out)")
    parser.add_argument(
        "runs", type=Path, nargs="+", metavar="RUN", help="run files or folders of them"
    )
    parser.add_argument("--today", help="the date to judge by, YYYY-MM-DD (default: today)")
    parser.add_argument("--tz", help="your time zone, e.g. Europe/London (default: UTC)")
    parser.add_argument("--out", type=Path, help="write the revised plan here")
    parser.add_argument("--force", action="store_true", help="re-plan even an unrealistic goal")
    parser.add_argument(
        "--allow-truncated", action="store_true", help="use the valid part of a cut FIT file"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _today(text: str | None, tz: dt.tzinfo | None) -> dt.date:
    """``--today``, or the date now in the runner's time zone (the system's without one)."""
    from miler.errors import InvalidInputError

    if text is None:
        now = dt.datetime.now(dt.UTC)
        return (now.astimezone(tz) if tz is not None else now.astimezone()).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"--today {text!r} is not a date: use YYYY-MM-DD") from None


def _read_runs(paths: list[Path], allow_truncated: bool) -> tuple[list[Any], list[dict[str, Any]]]:
    """The activities that could be read, and one entry per file (with its error, if any)."""
    from miler.activities.base import load_activity
    from miler.cli.files import activity_paths
    from miler.errors import InvalidInputError, MilerError

    activities: list[Any] = []
    files: list[dict[str, Any]] = []
    for path in activity_paths(paths):
        try:
            activity = load_activity(path, allow_truncated=allow_truncated)
        except MilerError as error:
            files.append({"index": None, "path": str(path), "error": str(error)})
            continue
        files.append({"index": len(activities), "path": str(path), "error": None})
        activities.append(activity)
    if not files:
        raise InvalidInputError("no run files found: give FIT, GPX or TCX files or a folder")
    if not activities:
        raise InvalidInputError("none of the run files could be read (see the reasons above)")
    return activities, files


def recent_weekly_minutes(match: PlanMatch, today: dt.date) -> float | None:
    """Mean running minutes a week over the plan weeks the re-plan compares
    (:func:`miler.adapt.replan.recent_weeks`); ``None`` before the first week ends."""
    from miler.adapt.replan import recent_weeks

    recent = recent_weeks(match.weeks, today)
    if not recent:
        return None
    return sum(w.done_run_s for w in recent) / 60.0 / len(recent)


def _revise(
    plan: Plan, match: PlanMatch, results: list[Any], args: argparse.Namespace
) -> Revision | None:
    """The revision, or ``None`` when no week is left to rebuild (the plan is over)."""
    from miler.adapt.replan import replan

    end = max(s.date for s in plan.sessions())
    if match.today > end:
        return None
    return replan(
        plan,
        today=match.today,
        new_results=results,
        recent_weekly_run_min=recent_weekly_minutes(match, match.today),
        force=args.force,
    )


def new_results(plan: Plan, match: PlanMatch) -> list[Any]:
    """The all-out efforts that may set the current mile (R-F3.1, R-G3).

    A planned time trial or race always counts: the runner was asked to go all out, and a
    slower result is news the paces must follow (R-G20). An effort the analysis recognised
    inside another run counts only when it makes the runner faster: a slower one may simply
    not have been all-out, and must not pull the paces down.
    """
    from miler.adapt.match import EvidenceSource
    from miler.errors import MilerError
    from miler.science.current import current_mile

    chosen = []
    for evidence in match.evidence:
        result = evidence.as_result()
        if evidence.source is EvidenceSource.RECOGNISED:
            try:
                mile_s = current_mile((result,), match.today, sex=plan.athlete.sex).time_s
            except MilerError:
                continue
            if mile_s >= plan.assessment.current_mile_s:
                continue
        chosen.append(result)
    return chosen


def run(args: argparse.Namespace) -> int:
    """Run ``miler adapt``; returns the exit status."""
    from miler.adapt.match import match_activities
    from miler.cli.files import read_plan_file
    from miler.cli.output import show

    plan = read_plan_file(args.plan)
    tz = None
    if args.tz:
        from miler.export.ics import zone

        tz = zone(args.tz)
    today = _today(args.today, tz)
    activities, files = _read_runs(args.runs, args.allow_truncated)
    match = match_activities(plan, activities, today, tz=tz)
    results = new_results(plan, match)
    revision = _revise(plan, match, results, args)
    if revision is not None and args.out is not None:
        from miler.export.atomic import write_atomic

        write_atomic(args.out, revision.plan.to_json().encode("utf-8"))
    report = {
        "plan": str(args.plan),
        "today": today,
        "files": files,
        "match": match,
        "results_used": results,
        "revision": None if revision is None else _revision_dict(revision),
        "out": str(args.out) if revision is not None and args.out is not None else None,
    }
    return show(report, args.json, _render_with(plan, match))


def _revision_dict(revision: Revision) -> dict[str, Any]:
    return {
        "first_rebuilt_week": revision.first_rebuilt_week,
        "current_mile_before_s": revision.current_mile_before_s,
        "current_mile_after_s": revision.current_mile_after_s,
        "recent_weekly_run_min": revision.recent_weekly_run_min,
        "prescribed_weekly_run_min": revision.prescribed_weekly_run_min,
        "rebuilt_baseline_min": revision.rebuilt_baseline_min,
        "kept": revision.kept,
        "changed": revision.changed,
        "added": revision.added,
        "dropped": revision.dropped,
        "reasons": revision.reasons,
        "goal_realistic": revision.outlook_after.realistic,
    }


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
    used = {(r.date, r.distance_m, r.time_s) for r in report["results_used"]}
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
