"""Jobs on PostgreSQL, run by real ``miler worker`` processes through procrastinate: a
killed worker loses nothing and nothing is done twice, a passing failure is tried again,
SIGTERM stops a worker cleanly, and its log is JSON lines."""

from __future__ import annotations

import hashlib
import signal
from typing import Any

import pytest
from sqlalchemy import func, select

from miler.jobs import job_queue, job_status, submit_imports
from miler.jobs.queue import TASK_NAME, make_app
from miler.settings import MilerSettings
from miler.store.database import Database
from miler.store.models import JobItemRow, RunRow

from .conftest import RUNNER, activity, url_of, wait_for, worker

pytestmark = pytest.mark.slow

#: a long real run (2.4 MB), so an import is under way long enough to be interrupted
BIG = "muktihari__big_activity.fit"


def _submit(db: Database, files: list[tuple[str, bytes]]) -> str:
    queue = job_queue(db, MilerSettings())
    try:
        return submit_imports(db, queue, RUNNER, files)
    finally:
        queue.close()


def _runs_of(db: Database, data: bytes) -> int:
    digest = hashlib.sha256(data).hexdigest()
    with db.session() as session:
        count = session.scalar(
            select(func.count()).select_from(RunRow).where(RunRow.content_hash == digest)
        )
        return int(count or 0)


def _finished(db: Database, job_id: str) -> bool:
    return job_status(db, job_id).state in ("done", "failed")


def _waiting_importer(admin: Any) -> int | None:
    """The database backend of an import waiting for the runner's lock (the test holds it)."""
    row = admin.execute(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted LIMIT 1"
    ).fetchone()
    return None if row is None else int(row[0])


def _hold_runners_lock(admin: Any) -> None:
    # The lock a run store takes per runner while it stores a run: with it held here, an
    # import is caught inside its transaction, its file read and analysed, nothing committed.
    admin.execute("SELECT pg_advisory_lock(hashtext(%s))", (RUNNER,))


def _release_runners_lock(admin: Any) -> None:
    admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", (RUNNER,))


def test_a_worker_killed_while_importing_loses_nothing_and_stores_the_run_once(
    pg_log: Database, admin: Any
) -> None:
    data = activity(BIG)
    _hold_runners_lock(admin)
    job_id = _submit(pg_log, [(BIG, data)])
    with worker(pg_log) as first:
        wait_for(lambda: _waiting_importer(admin), what="the first worker to be importing")
        assert job_status(pg_log, job_id).items[0].state == "running"
        first.process.send_signal(signal.SIGKILL)
        assert first.process.wait(timeout=10) == -signal.SIGKILL
    assert _runs_of(pg_log, data) == 0
    with worker(pg_log) as second:
        _release_runners_lock(admin)
        wait_for(lambda: _finished(pg_log, job_id), what="the second worker to import it")
        assert second.stop() == 0
        log = second.lines()
    status = job_status(pg_log, job_id)
    assert (status.state, status.items[0].outcome, status.items[0].attempts) == (
        "done",
        "imported",
        2,
    )
    assert _runs_of(pg_log, data) == 1
    assert any(entry["message"].startswith("job of a stalled worker") for entry in log)


def test_a_passing_failure_is_tried_again_after_a_backoff(pg_log: Database, admin: Any) -> None:
    data = activity("fitparse__sample-activity.fit")
    _hold_runners_lock(admin)
    job_id = _submit(pg_log, [("sample.fit", data)])
    with worker(pg_log) as process:
        pid = wait_for(lambda: _waiting_importer(admin), what="the import to wait")
        # The import's connection is cut, as a database restart or a failover would cut it.
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        _release_runners_lock(admin)
        wait_for(lambda: _finished(pg_log, job_id), what="the retried import")
        assert process.stop() == 0
        log = process.lines()
    item = job_status(pg_log, job_id).items[0]
    assert (item.state, item.outcome, item.attempts) == ("done", "imported", 2)
    assert _runs_of(pg_log, data) == 1
    retries = [e for e in log if e["message"].startswith("job item failed, will try again")]
    assert len(retries) == 1 and retries[0]["attempt"] == 1


def test_an_item_deferred_twice_is_imported_once(pg_log: Database) -> None:
    data = activity("runpandas__run.fit")
    job_id = _submit(pg_log, [("run.fit", data)])
    with pg_log.session() as session:
        item_id = session.scalars(select(JobItemRow.item_id)).one()
    with make_app(url_of(pg_log), MilerSettings()).open() as app:
        app.tasks[TASK_NAME].defer(item_id=item_id)  # a second job for the same item
        with worker(pg_log, "--concurrency", "2"):
            wait_for(
                lambda: (
                    [j.status for j in app.job_manager.list_jobs()] == ["succeeded", "succeeded"]
                ),
                what="both jobs to succeed",
            )
    # Both jobs ran (one of them may have started before the other finished); the item
    # stayed imported (not turned into its own duplicate) and the run is stored once.
    item = job_status(pg_log, job_id).items[0]
    assert (item.state, item.outcome) == ("done", "imported")
    assert _runs_of(pg_log, data) == 1


def test_worker_on_sqlite_is_one_clear_line(tmp_path: Any, miler_cli: Any) -> None:
    done = miler_cli("worker", "--database-url", f"sqlite:///{tmp_path / 'log.db'}")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "miler worker needs a PostgreSQL log" in done.stderr


def test_db_upgrade_installs_the_job_queue(pg_url: str, miler_cli: Any) -> None:
    import json

    first = miler_cli("db", "upgrade", "--json", "--database-url", pg_url)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["queue"] == "installed"
    again = miler_cli("db", "upgrade", "--json", "--database-url", pg_url)
    assert json.loads(again.stdout)["queue"] == "present"


def test_an_upload_stored_but_never_queued_is_queued_by_a_workers_sweep(
    pg_log: Database,
) -> None:
    from miler.jobs.records import create_job

    data = activity("slither__running.fit")
    # As if the web process died between storing the upload and queueing its job.
    job_id, _items = create_job(pg_log, RUNNER, "import", [("running.fit", data, None)])
    with worker(pg_log):
        wait_for(lambda: _finished(pg_log, job_id), what="the sweep to queue the upload")
    assert job_status(pg_log, job_id).items[0].outcome == "imported"
    assert _runs_of(pg_log, data) == 1


def test_a_stalled_job_whose_item_waits_in_the_queue_again_is_ended(
    pg_log: Database, admin: Any
) -> None:
    """Two jobs of one item: the first stalled while running, the second waiting behind the
    item's lock. Handing the first back would clash with the second's queueing lock, so the
    sweep ends the first instead, and the second can run."""
    import asyncio

    from miler.jobs.queue import sweep
    from miler.jobs.records import create_job

    _job_id, (item_id,) = create_job(pg_log, RUNNER, "import", [("x.fit", b"x", None)])
    settings = MilerSettings(worker_stalled_s=2)
    lock = f"miler-item-{item_id}"

    async def scenario() -> tuple[int, list[tuple[int, str]]]:
        async with make_app(url_of(pg_log), settings).open_async() as app:
            task = app.tasks[TASK_NAME].configure(lock=lock, queueing_lock=lock)
            await task.defer_async(item_id=item_id)
            worker_id = await app.job_manager.register_worker()
            running = await app.job_manager.fetch_job(queues=None, worker_id=worker_id)
            assert running is not None
            await task.defer_async(item_id=item_id)  # allowed: the first is no longer todo
            admin.execute(
                f"UPDATE {_schema(pg_log)}.procrastinate_workers "
                "SET last_heartbeat = now() - interval '1 minute'"
            )
            handed_back = await sweep(app, pg_log, settings)
            jobs = await app.job_manager.list_jobs_async()
            return handed_back, sorted((j.id or 0, j.status or "") for j in jobs)

    handed_back, jobs = asyncio.run(scenario())
    assert handed_back == 0
    assert jobs == [(jobs[0][0], "failed"), (jobs[1][0], "todo")]


def _schema(db: Database) -> str:
    options = db.engine.url.query["options"]
    assert isinstance(options, str)
    return options.split("search_path=")[1]
