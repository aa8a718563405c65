"""Who runs the job items: procrastinate's workers on PostgreSQL, the caller itself on SQLite.

On PostgreSQL each item is one procrastinate job (task :data:`TASK_NAME`, queue
:data:`QUEUE`) whose only argument is the item id: the work's input (an upload's bytes) is
already in the database, so a job carries nothing that can be lost. A job is deferred with
a queueing lock and a lock named after its item, so the same item is never queued twice nor
run by two workers at once. A job that fails for a passing reason is retried with
exponential backoff (:class:`procrastinate.RetryStrategy`). Every worker, beside
procrastinate's heartbeats, sweeps now and then (:func:`sweep`): the jobs of a worker whose
heartbeat stopped (killed, its machine gone) are handed back to the queue, and items stored
but never deferred (the web process died in between) are deferred.

On SQLite (the personal, local mode) there is no queue: :class:`InlineQueue` runs the same
work (:func:`~miler.jobs.work.perform_item`) at once in the calling process.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

from miler.jobs.records import pending_items
from miler.jobs.work import is_transient, perform_item
from miler.settings import MilerSettings
from miler.store.database import Database

if TYPE_CHECKING:
    import procrastinate

__all__ = [
    "QUEUE",
    "TASK_NAME",
    "InlineQueue",
    "JobQueue",
    "ProcrastinateQueue",
    "apply_queue_schema",
    "job_queue",
    "make_app",
    "queue_conninfo",
    "queue_schema_ready",
    "run_worker",
    "sweep",
    "uses_workers",
]

TASK_NAME: Final = "miler.job_item"
QUEUE: Final = "miler"
_SCHEMA_LOCK: Final = 0x6D696C6571  # serialises two workers installing the queue's schema
_SWEEP_BATCH: Final = 200

_log = logging.getLogger("miler.jobs")


class JobQueue(Protocol):
    """Where stored job items are handed for their work."""

    def enqueue(self, item_ids: Sequence[int]) -> None:
        """Have these items done (now, or by a worker)."""
        ...

    def close(self) -> None:
        """Release what the queue holds."""
        ...


def _lock_name(item_id: int) -> str:
    return f"miler-item-{item_id}"


def queue_conninfo(url: str) -> str:
    """The libpq connection string of a PostgreSQL log's URL (as users write it, or as
    SQLAlchemy spells it with ``+psycopg``)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(url: str, settings: MilerSettings, pool_size: int = 2) -> procrastinate.App:
    """The procrastinate app on the log at ``url``, with miler's one task registered."""
    import procrastinate

    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(
            conninfo=queue_conninfo(url), min_size=1, max_size=max(pool_size, 2)
        )
    )
    tries = settings.job_max_attempts
    retry: procrastinate.RetryStrategy | bool = (
        procrastinate.RetryStrategy(max_attempts=tries - 1, exponential_wait=settings.job_backoff_s)
        if tries > 1
        else False
    )

    def job_item(context: procrastinate.JobContext, item_id: int) -> None:
        """Do one job item (a file to import, a run to analyse, a re-plan, an export)."""
        db: Database = context.additional_context["database"]
        assert context.job is not None
        perform_item(db, item_id, final_attempt=context.job.attempts >= tries - 1)

    app.task(name=TASK_NAME, queue=QUEUE, pass_context=True, retry=retry)(job_item)
    return app


class ProcrastinateQueue:
    """Defers each item as a procrastinate job (the web process of a PostgreSQL server)."""

    def __init__(self, url: str, settings: MilerSettings) -> None:
        self._app = make_app(url, settings)
        self._app.open()

    def enqueue(self, item_ids: Sequence[int]) -> None:
        """Defer one job per item (an item already waiting in the queue is left there). The
        items are stored already: if the queue cannot take them now, a worker's sweep
        defers them later, so that is logged, not the submission's failure."""
        from procrastinate.exceptions import AlreadyEnqueued, ConnectorException

        task = self._app.tasks[TASK_NAME]
        for item_id in item_ids:
            name = _lock_name(item_id)
            try:
                task.configure(lock=name, queueing_lock=name).defer(item_id=item_id)
            except AlreadyEnqueued:
                continue
            except ConnectorException as error:
                _log.warning(
                    "job items stored but not queued; a worker's sweep will queue them: %s",
                    error,
                    extra={"item_ids": list(item_ids)},
                )
                return

    def close(self) -> None:
        """Close the queue's connections."""
        self._app.close()


class InlineQueue:
    """Runs each item at once, in this process (the SQLite log of one runner), trying a
    passing failure again with the same exponential backoff a worker uses."""

    def __init__(self, db: Database, settings: MilerSettings) -> None:
        self._db = db
        self._settings = settings

    def enqueue(self, item_ids: Sequence[int]) -> None:
        """Do every item now."""
        tries = self._settings.job_max_attempts
        for item_id in item_ids:
            for attempt in range(tries):
                try:
                    perform_item(self._db, item_id, final_attempt=attempt == tries - 1)
                    break
                except Exception as error:
                    if not is_transient(error):  # pragma: no cover - perform_item keeps these
                        raise
                    time.sleep(self._settings.job_backoff_s ** (attempt + 1))

    def close(self) -> None:
        """Nothing to release."""


def uses_workers(db: Database) -> bool:
    """Whether jobs on the log ``db`` are done by ``miler worker`` processes (PostgreSQL)
    rather than inline, before the request is answered (SQLite)."""
    return db.dialect == "postgresql"


def job_queue(db: Database, settings: MilerSettings) -> JobQueue:
    """The queue for the log ``db``: procrastinate on PostgreSQL, inline on SQLite."""
    if uses_workers(db):
        return ProcrastinateQueue(str(db.engine.url.render_as_string(False)), settings)
    return InlineQueue(db, settings)


def _connect(url: str) -> Any:
    import psycopg

    from miler.services.stores import DatabaseUnreachableError

    try:
        return psycopg.connect(queue_conninfo(url), autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "refused"
        raise DatabaseUnreachableError(f"cannot reach the job queue's database: {first}") from None


def queue_schema_ready(url: str) -> bool:
    """Whether the log at ``url`` holds procrastinate's tables."""
    with _connect(url) as connection:
        found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        return bool(found and found[0])


def apply_queue_schema(url: str) -> bool:
    """Install procrastinate's schema in the log at ``url`` unless it is there (two
    processes at once: the second waits and finds it); True when it was installed."""
    from procrastinate.schema import SchemaManager

    with _connect(url) as connection:
        connection.execute(f"SELECT pg_advisory_lock({_SCHEMA_LOCK})")
        try:
            found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if found and found[0]:
                return False
            connection.execute(SchemaManager.get_schema())
            return True
        finally:
            connection.execute(f"SELECT pg_advisory_unlock({_SCHEMA_LOCK})")


async def sweep(app: procrastinate.App, db: Database, settings: MilerSettings) -> int:
    """Hand back to the queue the jobs of workers whose heartbeat stopped, and defer the
    items stored but never deferred; returns how many jobs were handed back or deferred."""
    count = 0
    stalled = await app.job_manager.get_stalled_jobs(
        queue=QUEUE, seconds_since_heartbeat=settings.worker_stalled_s
    )
    for job in stalled:
        count += await _hand_back(app, job)
    waiting = await asyncio.to_thread(
        pending_items, db, dt.timedelta(seconds=settings.worker_stalled_s)
    )
    for _kind, item_id in waiting[:_SWEEP_BATCH]:
        count += await _defer_if_lost(app, item_id)
    return count


async def _hand_back(app: procrastinate.App, job: procrastinate.jobs.Job) -> int:
    """Put a stalled job back in the queue; when another job of the same item already
    waits there (its queueing lock is taken), end the stalled one instead, which frees the
    item's lock for the waiting job. Returns 1 when the job was handed back."""
    from procrastinate.exceptions import ProcrastinateException, UniqueViolation
    from procrastinate.jobs import Status

    assert job.id is not None
    extra = {"procrastinate_job": job.id, "task_kwargs": job.task_kwargs}
    try:
        await app.job_manager.retry_job(job)
    except UniqueViolation:
        await app.job_manager.finish_job_by_id_async(job.id, Status.FAILED, delete_job=False)
        _log.warning("job of a stalled worker ended: another job of its item waits", extra=extra)
        return 0
    except ProcrastinateException:  # another worker handed it back first
        return 0
    _log.warning("job of a stalled worker handed back to the queue", extra=extra)
    return 1


async def _defer_if_lost(app: procrastinate.App, item_id: int) -> int:
    """Defer a job for an item queued long ago unless a job of it waits or runs."""
    from procrastinate.exceptions import AlreadyEnqueued

    name = _lock_name(item_id)
    live = await app.job_manager.list_jobs_async(lock=name)
    if any(job.status in ("todo", "doing") for job in live):
        return 0
    try:
        await (
            app.tasks[TASK_NAME]
            .configure(lock=name, queueing_lock=name)
            .defer_async(item_id=item_id)
        )
    except AlreadyEnqueued:
        return 0
    _log.warning("job item stored but not queued: queued now", extra={"item_id": item_id})
    return 1


async def _sweep_forever(app: procrastinate.App, db: Database, settings: MilerSettings) -> None:
    while True:
        try:
            await sweep(app, db, settings)
        except Exception:
            _log.exception("the sweep for stalled jobs failed; trying again later")
        await asyncio.sleep(settings.worker_heartbeat_s)


def run_worker(
    db: Database, settings: MilerSettings, *, concurrency: int, name: str = "miler-worker"
) -> None:
    """Run a worker on the log ``db`` until SIGTERM or SIGINT: it finishes the jobs it has
    begun, then returns."""
    url = db.engine.url.render_as_string(hide_password=False)

    async def main() -> None:
        app = make_app(url, settings, pool_size=concurrency + 3)
        async with app.open_async():
            sweeper = asyncio.create_task(_sweep_forever(app, db, settings))
            try:
                await app.run_worker_async(
                    queues=[QUEUE],
                    name=name,
                    concurrency=concurrency,
                    additional_context={"database": db},
                    update_heartbeat_interval=settings.worker_heartbeat_s,
                    stalled_worker_timeout=settings.worker_stalled_s,
                    fetch_job_polling_interval=min(5.0, settings.worker_heartbeat_s),
                    install_signal_handlers=True,
                )
            finally:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper

    asyncio.run(main())
