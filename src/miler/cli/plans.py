"""``miler plans``: your plans in the training log, each with every revision and its reason.

The current plan is the last one saved by ``miler plan`` or ``miler adapt``. ``--show
PLAN_ID[:REVISION]`` prints one revision's plan file (JSON; default the last revision).
``--json``::

    {"plans": [{"plan_id", "revisions": [{"plan_id", "revision", "parent_revision",
                                         "reason", "created", "current"}...]}...]}
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from miler.cli.logbook import add_database_option, open_log, require_athlete

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler plans``."""
    parser.add_argument("--show", metavar="PLAN_ID[:REVISION]", help="print one plan file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def run(args: argparse.Namespace) -> int:
    """List the plans, or print one."""
    from miler.cli.output import show
    from miler.errors import InvalidInputError
    from miler.store import SqlPlanStore

    db = open_log(args)
    try:
        athlete = require_athlete(db)
        store = SqlPlanStore(db)
        if args.show:
            plan_id, _, number = args.show.partition(":")
            revisions = store.revisions(plan_id)
            if not revisions:
                raise InvalidInputError(f"no plan {plan_id!r}: 'miler plans' lists them")
            try:
                revision = int(number) if number else revisions[-1].revision
            except ValueError:
                raise InvalidInputError(f"revision {number!r} is not a number") from None
            plan = store.get_revision(plan_id, revision)
            if plan is None:
                raise InvalidInputError(f"plan {plan_id} has no revision {revision}")
            sys.stdout.write(plan.to_json() + "\n")
            return 0
        report = {
            "plans": [
                {
                    "plan_id": plan_id,
                    "revisions": [r.model_dump(mode="json") for r in store.revisions(plan_id)],
                }
                for plan_id in store.plan_ids(athlete.athlete_id)
            ]
        }
    finally:
        db.close()
    return show(report, args.json, _render)


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console

    if not report["plans"]:
        console().print("no plans yet: make one with 'miler plan'")
        return
    table = Table(title="plans")
    for column in ("plan", "revision", "from", "made", "reason", ""):
        table.add_column(column)
    for plan in report["plans"]:
        for r in plan["revisions"]:
            table.add_row(
                r["plan_id"],
                str(r["revision"]),
                "-" if r["parent_revision"] is None else str(r["parent_revision"]),
                r["created"][:16].replace("T", " "),
                r["reason"] or "-",
                "current" if r["current"] else "",
            )
    console().print(table)
