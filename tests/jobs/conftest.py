"""Fixtures of the background jobs' tests: a training log on SQLite and one on the real
PostgreSQL of this machine (a schema of its own, ``miler_workers_*``, reached through
``search_path`` and dropped afterwards), each with a runner; real ``miler worker``
processes; real activity files from ``tests/data``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from miler.services.stores import AthleteProfile
from miler.store import SqlAthleteStore, open_database
from miler.store.database import Database

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("MILER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
RUNNER = "runner-a"
FIT = ROOT / "tests" / "data" / "activities" / "fit"
#: quick heartbeats, so a killed worker counts as dead after 2 s instead of 30
FAST_WORKER_ENV = {
    "MILER_WORKER_HEARTBEAT_S": "0.5",
    "MILER_WORKER_STALLED_S": "2",
    "MILER_JOB_BACKOFF_S": "1",
}


def activity(name: str) -> bytes:
    """The bytes of a real activity file of ``tests/data/activities/fit``."""
    return (FIT / name).read_bytes()


def _admin() -> Any:
    import psycopg

    try:
        return psycopg.connect(PG, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {PG}: {str(error).splitlines()[0]}")


@pytest.fixture()
def admin() -> Iterator[Any]:
    """A connection of the test's own to the PostgreSQL server (autocommit)."""
    connection = _admin()
    with connection:
        yield connection


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """The URL of an empty log in a PostgreSQL schema of its own."""
    connection = _admin()
    schema = f"miler_workers_{uuid.uuid4().hex[:10]}"
    with connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{PG}?options=-csearch_path%3D{schema}"
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _with_runner(url: str) -> Database:
    db = open_database(url)
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id=RUNNER, name="Ann", sex="F"))
    return db


@pytest.fixture()
def pg_log(pg_url: str) -> Iterator[Database]:
    """The PostgreSQL log with a runner and the job queue installed."""
    from miler.jobs.queue import apply_queue_schema

    db = _with_runner(pg_url)
    apply_queue_schema(pg_url)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture()
def sqlite_log(tmp_path: Path) -> Iterator[Database]:
    """An SQLite log with a runner."""
    db = _with_runner(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        yield db
    finally:
        db.close()


def url_of(db: Database) -> str:
    """The URL a worker is given for ``db``."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def worker(db: Database, *extra: str) -> Iterator[Worker]:
    """A real ``miler worker`` on ``db`` with quick heartbeats; stopped (SIGTERM, then
    SIGKILL) on leaving unless the test already ended it. Its log (stderr) goes to a file,
    printed when the block fails, so a failing test shows what the worker did."""
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open for the worker's life)
        "w+", prefix="miler-worker-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "worker", "--database-url", url_of(db), *extra],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **FAST_WORKER_ENV},
    )
    try:
        yield Worker(process, Path(log.name))
    except BaseException:
        print(Path(log.name).read_text()[-20000:])
        raise
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
                process.kill()
                process.wait()
        log.close()
        Path(log.name).unlink(missing_ok=True)


@dataclass
class Worker:
    """A running ``miler worker`` and the file its log goes to."""

    process: subprocess.Popen[str]
    log: Path

    def stop(self) -> int:
        """SIGTERM, then its exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def lines(self) -> list[dict[str, Any]]:
        """Its log so far, each line read as JSON (a line that is not fails the test)."""
        return json_lines(self.log.read_text())


def wait_for(condition: Callable[[], Any], timeout: float = 60.0, what: str = "it") -> Any:
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"waited {timeout:g} s for {what}")


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of a worker's log, read as JSON (a line that is not fails the test)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]
