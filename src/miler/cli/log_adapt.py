"""``miler adapt`` with no files: adapt the current plan of the training log to the runs
stored in it, and keep the revised plan as a new revision (its reason says what changed).

The same matching and re-planning as ``miler adapt PLAN RUN...`` (see its help); the runs are
the ones ``miler import`` stored inside the plan's weeks, read back from their originals.
"""

from __future__ import annotations

import argparse
import datetime as dt

__all__ = ["run_from_log"]


def run_from_log(args: argparse.Namespace) -> int:
    """Adapt the log's current plan; save the revision; print the adapt report."""
    from miler.cli.adapt import _render_with
    from miler.cli.logbook import open_log, require_athlete, require_current_plan
    from miler.cli.output import show
    from miler.cli.results import today_from
    from miler.errors import InvalidInputError
    from miler.services.adapt import RunFile, adapt_plan
    from miler.services.training_log import plan_activities
    from miler.store import SqlPlanStore, SqlRunStore

    if args.plan is not None:
        raise InvalidInputError(
            "give run files after the plan file, or neither (the training log's plan and runs)"
        )
    tz = None
    if args.tz:
        from miler.export.ics import zone

        tz = zone(args.tz)
    today = today_from(args.today, tz)
    db = open_log(args)
    try:
        athlete = require_athlete(db)
        plans = SqlPlanStore(db)
        plan = require_current_plan(db, athlete)
        stored, activities = plan_activities(
            plan, athlete.athlete_id, SqlRunStore(db), tz or dt.UTC
        )
        files = tuple(
            RunFile(index=i, path=f"run {r.run_id}: {r.file_name}", error=None)
            for i, r in enumerate(stored)
        )
        adapted = adapt_plan(plan, activities, today=today, tz=tz, force=args.force, files=files)
        if adapted.revised is not None:
            plans.save_plan(adapted.revised)
    finally:
        db.close()
    report = {
        "plan": f"{plan.plan_id} revision {plan.revision}",
        **adapted.report_json(),
        "out": None
        if adapted.revised is None
        else f"{plan.plan_id} revision {adapted.revised.revision}",
    }
    return show(report, args.json, _render_with(plan, adapted.match))
