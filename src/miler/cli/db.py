"""``miler db upgrade | where``: the training log's database.

``miler db upgrade`` migrates a log made by an older miler to this miler's schema (a new log
is created on first use and needs nothing); on PostgreSQL it also installs the job queue's
tables (procrastinate's schema) that ``miler worker`` uses, and reports ``queue``.
``miler db where`` prints the log's URL and schema revision. Both take ``--database-url``
(default: ``$MILER_DATABASE_URL``, else ``miler.db`` in your data folder) and ``--json``.
"""

from __future__ import annotations

import argparse

from miler.cli.logbook import add_database_option, open_log

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler db``."""
    parser.add_argument("action", choices=("upgrade", "where"), help="what to do")
    add_database_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Upgrade the log, or say where it is."""
    from miler.cli.output import console, show
    from miler.store.database import schema_state, upgrade

    db = open_log(args, check=False)
    try:
        if args.action == "upgrade":
            before, after = upgrade(db)
            report: dict[str, object] = {
                "url": db.url,
                "from": before,
                "to": after,
                "changed": before != after,
            }
            if db.dialect == "postgresql":
                from miler.jobs.queue import apply_queue_schema

                url = db.engine.url.render_as_string(hide_password=False)
                report["queue"] = "installed" if apply_queue_schema(url) else "present"
        else:
            state = schema_state(db)
            report = {"url": db.url, "schema": state.current, "latest": state.head}
    finally:
        db.close()

    def render(r: dict[str, object]) -> None:
        if args.action == "where":
            console().print(
                f"{r['url']}  schema {r['schema'] or 'none yet'} (latest {r['latest']})"
            )
        elif r["changed"]:
            console().print(f"{r['url']}: upgraded schema {r['from'] or 'none'} -> {r['to']}")
        else:
            console().print(f"{r['url']}: already at schema {r['to']}")
        if r.get("queue") is not None:
            console().print(f"{r['url']}: job queue {r['queue']}")

    return show(report, args.json, render)
