"""Coach server under load: 50 simulated athletes upload real activity files and browse, for a
fixed time, against a real ``miler serve`` on PostgreSQL with 1 and then 2 ``miler worker``
processes (issue 17).

Run: ``python benchmarks/bench_coach_load.py [--athletes 50] [--seconds 30]`` (or
``python benchmarks/run.py coach_load``); PostgreSQL from ``MILER_BENCH_PG`` (default
``postgresql://postgres@127.0.0.1:5432/test``), each run in a schema of its own, dropped after.

Each simulated athlete is an account of its own (role athlete, its own training log) with an
API token, and an httpx client on loopback that loops until the time is up: upload one or two
real files from ``tests/data`` as one import job (``POST /api/v1/imports``), follow the job
(``GET /api/v1/jobs/{id}``), look at its runs and its profile, with a short pause between
actions. On PostgreSQL ``miler serve`` has accounts on: every request is signed with the
athlete's token. Then the workers get time to drain the queue and the log is checked:

- requests/s and p95 latency of every request in the window; failed requests (any answer of
  400 or more, any transport error) must be 0;
- jobs/s: job items (one per file) the workers finished during the window;
- lost uploads: files accepted (202) whose item is missing or never finished (must be 0);
- duplicated uploads: runs stored twice in one athlete's log, by content or as the same run in
  time (must be 0).

An athlete who uploads a file a second time gets "already in your log", a success that still
costs a worker the file's reading and analysis.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench_web import ROOT, _start_server

sys.path.insert(0, str(ROOT / "src"))

ACTIVITIES = ROOT / "tests" / "data" / "activities"
FILES = [
    ACTIVITIES / "fit" / "runpandas__run.fit",
    ACTIVITIES / "fit" / "slither__running.fit",
    ACTIVITIES / "fit" / "fitparse__sample-activity.fit",
    ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit",
    ACTIVITIES / "fit" / "fitparserjs__running-with-developer-data.fit",
    ACTIVITIES / "fit" / "sweatpy__2020-06-01-16-52-40.fit",
    ACTIVITIES / "gpx" / "runpandas-nrc__0da79b1d-dc15-4589-afff-aba4497ea626.gpx",
    ACTIVITIES / "gpx" / "runpandas-nrc__26004849-dc57-4e48-bc16-11196ca043ad.gpx",
]
PG = os.environ.get("MILER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MILER_LOG_FORMAT": "json"}


@dataclass
class Tally:
    """What the simulated athletes saw."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    accepted_files: int = 0
    job_ids: list[str] = field(default_factory=list)


def _workers(url: str, count: int) -> list[subprocess.Popen[str]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "miler", "worker", "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=ENV,
        )
        for _ in range(count)
    ]


def _stop(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _athlete(base: str, seed: int, token: str, deadline: float, tally: Tally) -> None:
    rng = random.Random(seed)
    signed = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=signed) as client:

        async def call(method: str, path: str, **kwargs: object) -> httpx.Response | None:
            start = time.perf_counter()
            try:
                response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as error:
                tally.failures.append(f"{method} {path}: {error!r}")
                return None
            tally.latencies.append(time.perf_counter() - start)
            if response.status_code >= 400:
                tally.failures.append(f"{method} {path}: {response.status_code}")
            return response

        while time.perf_counter() < deadline:
            chosen = rng.sample(FILES, rng.choice((1, 2)))
            files = [
                ("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in chosen
            ]
            answer = await call("POST", "/api/v1/imports", files=files)
            if answer is None or answer.status_code != 202:
                continue
            job = answer.json()
            tally.accepted_files += job["files"]
            tally.job_ids.append(job["job_id"])
            for path in (job["status_url"], "/api/v1/runs", job["status_url"], "/api/v1/athlete"):
                if time.perf_counter() >= deadline:
                    break
                await asyncio.sleep(rng.uniform(0.2, 0.6))
                await call("GET", path)


def _check(url: str, tally: Tally, window: tuple[dt.datetime, dt.datetime]) -> dict[str, int]:
    from sqlalchemy import func, select

    from miler.store import open_database
    from miler.store.models import JobItemRow, RunRow

    db = open_database(url)
    try:
        with db.session() as session:
            items = session.execute(
                select(JobItemRow.state, JobItemRow.updated).where(
                    JobItemRow.job_id.in_(tally.job_ids)
                )
            ).all()
            finished = sum(state in ("done", "failed") for state, _ in items)
            in_window = sum(
                state in ("done", "failed") and window[0] <= updated <= window[1]
                for state, updated in items
            )
            same_content = session.scalar(
                select(func.count()).select_from(
                    select(RunRow.content_hash)
                    .group_by(RunRow.athlete_id, RunRow.content_hash)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            runs = session.execute(select(RunRow.athlete_id, RunRow.start, RunRow.duration_s)).all()
            reasons = session.scalars(
                select(JobItemRow.message)
                .where(JobItemRow.job_id.in_(tally.job_ids), JobItemRow.state == "failed")
                .distinct()
            ).all()
            for reason in reasons[:5]:
                print(f"  a file failed: {reason}", file=sys.stderr)
    finally:
        db.close()
    spans = sorted(
        (who, s, s + dt.timedelta(seconds=d)) for who, s, d in runs if s is not None and d > 0
    )
    overlapping = sum(1 for a, b in itertools.pairwise(spans) if a[0] == b[0] and b[1] < a[2])
    return {
        "finished_in_window": in_window,
        "lost": tally.accepted_files - finished,
        "duplicated": int(same_content or 0) + overlapping,
        "runs": len(runs),
        "failed_items": sum(state == "failed" for state, _ in items),
    }


def _drain(url: str, tally: Tally, timeout: float) -> None:
    from sqlalchemy import func, select

    from miler.store import open_database
    from miler.store.models import JobItemRow

    db = open_database(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with db.session() as session:
                waiting = session.scalar(
                    select(func.count())
                    .select_from(JobItemRow)
                    .where(JobItemRow.state.in_(("queued", "running")))
                )
            if not waiting:
                return
            time.sleep(0.5)
    finally:
        db.close()


def _accounts(db: Any, athletes: int) -> list[str]:
    """``athletes`` accounts (role athlete, each with its own log) and an API token each."""
    from miler.accounts.policy import Role
    from miler.services.accounts import create_api_token, create_user
    from miler.store import SqlAthleteStore
    from miler.store.accounts import SqlUserStore

    users, now = SqlUserStore(db), dt.datetime.now(dt.UTC)
    tokens = []
    for i in range(athletes):
        user = create_user(
            users, SqlAthleteStore(db), email=f"athlete{i}@bench.club",
            display_name=f"Athlete {i}", password=uuid.uuid4().hex, role=Role.ATHLETE, now=now,
        )  # fmt: skip
        tokens.append(create_api_token(users, user, "load test", now)[1])
    return tokens


def _phase(workers: int, athletes: int, seconds: float, drain_s: float) -> dict[str, float]:
    import psycopg

    from miler.jobs.queue import apply_queue_schema
    from miler.store import open_database

    schema = f"miler_workers_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG, autocommit=True)
    admin.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{PG}?options=-csearch_path%3D{schema}"
    processes: list[subprocess.Popen[str]] = []
    try:
        db = open_database(url)
        tokens = _accounts(db, athletes)
        db.close()
        apply_queue_schema(url)
        server, base = _start_server("--database-url", url, env=ENV, quiet=True)
        processes = [server, *_workers(url, workers)]
        time.sleep(2.0)  # the workers' start-up, outside the window
        tally = Tally()
        start = dt.datetime.now(dt.UTC)
        began = time.perf_counter()
        deadline = began + seconds

        async def crowd() -> None:
            await asyncio.gather(
                *(_athlete(base, seed, token, deadline, tally) for seed, token in enumerate(tokens))
            )

        asyncio.run(crowd())
        elapsed = time.perf_counter() - began
        end = dt.datetime.now(dt.UTC)
        _drain(url, tally, drain_s)
        checked = _check(url, tally, (start, end))
    finally:
        _stop(processes)
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
    latencies = sorted(tally.latencies)
    for failure in tally.failures[:5]:
        print(f"  failed: {failure}", file=sys.stderr)
    return {
        "workers": workers,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * statistics.quantiles(latencies, n=100, method="inclusive")[94],
        "failed": len(tally.failures),
        "files": tally.accepted_files,
        "jobs_s": checked["finished_in_window"] / elapsed,
        "lost": checked["lost"],
        "duplicated": checked["duplicated"],
        "runs": checked["runs"],
        "failed_items": checked["failed_items"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="load window per run")
    parser.add_argument("--drain", type=float, default=180.0, help="time the queue may take")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows = [_phase(n, args.athletes, args.seconds, args.drain) for n in args.workers]
    print(
        f"\n{args.athletes} athletes, {args.seconds:g} s window, loopback, PostgreSQL; "
        "jobs = files imported (one item each)"
    )
    header = (
        f"{'workers':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'failed':>6} {'files':>6} {'jobs/s':>7} {'lost':>5} {'dup':>4} {'runs':>5} "
        f"{'bad files':>9}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['workers']:>7} {r['requests']:>8} {r['rps']:>7.1f} {r['p50_ms']:>7.0f} "
            f"{r['p95_ms']:>7.0f} {r['failed']:>6} {r['files']:>6} {r['jobs_s']:>7.2f} "
            f"{r['lost']:>5} {r['duplicated']:>4} {r['runs']:>5} {r['failed_items']:>9}"
        )
    if len(rows) > 1:
        ratio = rows[-1]["jobs_s"] / rows[0]["jobs_s"]
        print(f"jobs/s with {rows[-1]['workers']} workers / with {rows[0]['workers']}: {ratio:.2f}")
    bad = [r for r in rows if r["failed"] or r["lost"] or r["duplicated"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
