"""``miler worker``: run background jobs (imports, analyses, re-plans, exports) for a coach
server on PostgreSQL.

::

    miler worker [--concurrency N] [--database-url URL] [--name NAME]

Start as many as the load needs, on any machines that reach the database: they share the
queue in it (procrastinate). Each logs one JSON object a line to stderr (``MILER_LOG_FORMAT=
text`` for people). SIGTERM or Ctrl+C stops it cleanly: it takes no new job and finishes the
ones it has begun. A worker killed outright loses nothing: its jobs are handed to another
worker once its heartbeat has been silent for ``MILER_WORKER_STALLED_S`` seconds.

Every setting comes from the environment (see ``docs/deployment.md``); the flags override.
The schema of the queue is installed on first start (and by ``miler db upgrade``). A
personal SQLite log needs no worker: the web app does its jobs itself.
"""

from __future__ import annotations

import argparse

from miler.cli.logbook import add_database_option

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler worker``."""
    parser.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="jobs this worker runs at once (default: $MILER_WORKER_CONCURRENCY, else 1)",
    )
    parser.add_argument("--name", help="the worker's name in the logs (default: worker-PID)")
    add_database_option(parser)


def run(args: argparse.Namespace) -> int:
    """Run a worker until SIGTERM; returns the exit status."""
    import logging
    import os

    from miler.errors import InvalidInputError
    from miler.jobs.queue import apply_queue_schema, run_worker
    from miler.logs import configure_logging
    from miler.settings import load_settings
    from miler.store.database import open_database

    settings = load_settings()
    concurrency = settings.worker_concurrency if args.concurrency is None else args.concurrency
    if not 1 <= concurrency <= 64:
        raise InvalidInputError(f"--concurrency {concurrency}: give 1 to 64 jobs at once")
    db = open_database(args.database_url or settings.log_url())
    try:
        if db.dialect != "postgresql":
            raise InvalidInputError(
                f"miler worker needs a PostgreSQL log (--database-url postgresql://...), not "
                f"{db.url}: on SQLite the web app does its jobs itself"
            )
        handler = configure_logging(settings.log_format, settings.log_level)
        queue_logger = logging.getLogger("procrastinate")
        queue_logger.addHandler(handler)
        queue_logger.setLevel(settings.log_level)
        queue_logger.propagate = False
        apply_queue_schema(db.engine.url.render_as_string(hide_password=False))
        name = args.name or f"worker-{os.getpid()}"
        log = logging.getLogger("miler.worker")
        log.info("worker started", extra={"worker": name, "concurrency": concurrency})
        try:
            run_worker(db, settings, concurrency=concurrency, name=name)
        except Exception:
            # Logged as one JSON line, not a traceback on the terminal; a non-zero status
            # so that the service manager starts it again.
            log.exception("worker stopped by an error", extra={"worker": name})
            return 1
        log.info("worker stopped", extra={"worker": name})
    finally:
        db.close()
    return 0
