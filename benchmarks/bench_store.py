"""The training log: importing runs into SQLite and PostgreSQL, and ``miler status`` over two
years of daily runs.

    python benchmarks/bench_store.py [--repeat N] [--pg URL]

Import: every activity file in ``tests/data/activities`` (fit, gpx, tcx; the corrupt ones
left out) imported into a fresh log, one transaction per file (read, analyse, store with its
original), against the baseline measured in the same run: ``miler analyse``'s own work on
the same files (``miler.cli.analyse.analyse_file``: read and analyse, nothing stored).
Ratio = import time / analyse time (best of ``--repeat``, whole batch).

Status: a log holding two years of daily runs synthesised from real files (each day one of
the shared running files, its analysis and original stored as imported, its start moved to
that day), and ``miler status`` run on it in a fresh process, against ``miler status`` on a
log holding only the runner (the same process start, imports and queries minus the data).
PostgreSQL runs in a schema of its own on ``--pg`` (default the local server, database
``test``), dropped afterwards; without a reachable server its rows are skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "activities"
PG = "postgresql://postgres@127.0.0.1:5432/test"


def activity_files() -> list[Path]:
    return sorted(p for kind in ("fit", "gpx", "tcx") for p in (DATA / kind).rglob(f"*.{kind}"))


def analyse_all(files: list[Path]) -> int:
    """The baseline: what ``miler analyse FILE`` computes for each file."""
    from miler.cli.analyse import analyse_file
    from miler.errors import MilerError

    done = 0
    for path in files:
        args = argparse.Namespace(
            file=path, allow_truncated=False, fit_reader="auto", hr_max=None, hr_rest=None, sex="M"
        )
        try:
            analyse_file(args)
            done += 1
        except (MilerError, ZeroDivisionError):
            # ZeroDivisionError: `miler analyse` crashes on two shared FIT files whose heart
            # rate is all zero (aerobic decoupling divides by the mean heart rate)
            pass
    return done


def import_all(url: str, files: list[Path]) -> int:
    from miler.services.importing import gather, import_sources
    from miler.services.stores import AthleteProfile
    from miler.store import SqlAthleteStore, SqlRunStore, open_database

    db = open_database(url)
    try:
        runner = AthleteProfile(athlete_id="bench", hr_max_bpm=190, hr_rest_bpm=50)
        SqlAthleteStore(db).save_athlete(runner)
        summary = import_sources(list(gather(files)), runner, SqlRunStore(db))
        return summary.imported
    finally:
        db.close()


@contextmanager
def pg_schema(base: str) -> Iterator[str | None]:
    try:
        import psycopg

        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except Exception as error:  # any failure means: no PostgreSQL rows
        print(f"(PostgreSQL skipped: {str(error).splitlines()[0]})")
        yield None
        return
    schema = f"miler_bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def synthesise_two_years(url: str, today: dt.date) -> int:
    """Two years of daily runs from the shared running files, stored as imported."""
    from miler.services.importing import analyse_activity, read_activity
    from miler.services.stores import AthleteProfile, NewRun, StoredResult
    from miler.store import SqlAthleteStore, open_database
    from miler.store.models import RunOriginalRow, RunRow

    runner = AthleteProfile(
        athlete_id="bench", sex="M", hr_max_bpm=190, hr_rest_bpm=50, days=("mon", "wed", "fri")
    )
    templates = []
    for path in activity_files():
        try:
            data, activity = read_activity(path.name, path.read_bytes())
        except Exception:  # files miler refuses are simply not templates
            continue
        if activity.is_run and activity.start is not None and activity.duration_s > 600:
            templates.append((path, data, activity, analyse_activity(activity, runner)))
    db = open_database(url)
    try:
        SqlAthleteStore(db).save_athlete(runner)
        SqlAthleteStore(db).add_result(
            "bench", StoredResult(distance_m=5000, time_s=1260, date=today - dt.timedelta(60))
        )
        count = 0
        with db.session(write=True) as session:
            for n in range(730):
                day = today - dt.timedelta(days=729 - n)
                path, data, activity, analysis = templates[n % len(templates)]
                start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
                run = NewRun(
                    athlete_id="bench",
                    content_hash=hashlib.sha256(data + day.isoformat().encode()).hexdigest(),
                    file_name=path.name,
                    source_format=path.suffix[1:],  # type: ignore[arg-type]
                    sport="running",
                    start=start,
                    duration_s=activity.duration_s,
                    distance_m=analysis["summary"]["distance_m"],
                    analysis=analysis,
                    original=data,
                )
                row = RunRow(
                    **run.model_dump(exclude={"original", "analysis"}),
                    analysis=json.dumps(analysis),
                    imported=start,
                )
                session.add(row)
                session.flush()
                session.add(RunOriginalRow(run_id=row.run_id, data=data))
                count += 1
        return count
    finally:
        db.close()


def cli_status(url: str, today: dt.date) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one ``miler status`` process."""
    exe = shutil.which("miler")
    command = [exe] if exe else [sys.executable, "-m", "miler"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "status", "--json", "--today", today.isoformat(), "--database-url", url],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"miler status failed: {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--pg", default=PG, help="PostgreSQL server URL (a schema is made)")
    args = parser.parse_args()
    files = activity_files()
    rows: list[tuple[str, float, str, str]] = []
    analysed = analyse_all(files)  # warm every import and cache first
    base = best_of(args.repeat, lambda: analyse_all(files))
    rows.append(
        ("miler analyse's work (baseline)", base, f"{len(files) / base:.1f} files/s", "1.00")
    )
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1000))

        def into_sqlite() -> None:
            import_all(f"sqlite:///{Path(tmp) / f'log{next(counter)}.db'}", files)

        took = best_of(args.repeat, into_sqlite)
        rows.append(
            ("import into SQLite", took, f"{len(files) / took:.1f} files/s", f"{took / base:.2f}")
        )
    best_pg = float("inf")
    for _ in range(args.repeat):
        with pg_schema(args.pg) as url:
            if url is None:
                break
            start = time.perf_counter()
            import_all(url, files)
            best_pg = min(best_pg, time.perf_counter() - start)
    if best_pg < float("inf"):
        rows.append(
            (
                "import into PostgreSQL",
                best_pg,
                f"{len(files) / best_pg:.1f} files/s",
                f"{best_pg / base:.2f}",
            )
        )
    print(f"import: {len(files)} files ({analysed} analysable), best of {args.repeat}")
    print(f"{'what':38} {'seconds':>8} {'rate':>14} {'ratio':>6}")
    for name, seconds, rate, ratio in rows:
        print(f"{name:38} {seconds:8.2f} {rate:>14} {ratio:>6}")

    today = dt.date(2026, 12, 2)
    with tempfile.TemporaryDirectory() as tmp:
        empty = f"sqlite:///{Path(tmp) / 'empty.db'}"
        full = f"sqlite:///{Path(tmp) / 'full.db'}"
        from miler.services.stores import AthleteProfile
        from miler.store import SqlAthleteStore, open_database

        db = open_database(empty)
        SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="bench"))
        db.close()
        stored = synthesise_two_years(full, today)
        size = os.path.getsize(Path(tmp) / "full.db") / 2**20  # noqa: PTH202
        cli_status(full, today)
        tries = args.repeat + 1
        empty_s = min(cli_status(empty, today) for _ in range(tries))
        full_s = min(cli_status(full, today) for _ in range(tries))
        print(
            f"\nstatus: {stored} daily runs over two years in SQLite ({size:.0f} MiB), "
            f"best of {tries}; CPU = user + system seconds of the process"
        )
        print(f"{'what':38} {'wall s':>7} {'CPU s':>6} {'ratio':>6}")

        def line(label: str, took: tuple[float, float]) -> None:
            print(f"{label:38} {took[0]:7.2f} {took[1]:6.2f} {took[1] / empty_s[1]:6.2f}")

        line("miler status, runner only (baseline)", empty_s)
        line("miler status, two years of runs", full_s)
        with pg_schema(args.pg) as url:
            if url is not None:
                synthesise_two_years(url, today)
                cli_status(url, today)
                line(
                    "miler status, two years, PostgreSQL",
                    min(cli_status(url, today) for _ in range(tries)),
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
