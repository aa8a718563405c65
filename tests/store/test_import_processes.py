"""Real processes against the real databases: two ``miler import`` runs of the same folder
at once store each file once, and a ``miler import`` killed mid-way leaves nothing half
written (every stored run has its original and its results; the rest imports afterwards)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from miler.store import open_database
from miler.store.models import ResultRow, RunOriginalRow, RunRow

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"


def _miler(*args: str) -> list[str]:
    exe = shutil.which("miler")
    return [*([exe] if exe else [sys.executable, "-m", "miler"]), *args]


def _counts(url: str) -> tuple[int, int, int, int]:
    """Runs, originals, results pointing at a missing run, distinct hashes."""
    db = open_database(url)
    try:
        with db.session() as s:
            runs = s.scalar(select(func.count()).select_from(RunRow)) or 0
            originals = s.scalar(select(func.count()).select_from(RunOriginalRow)) or 0
            orphans = (
                s.scalar(
                    select(func.count())
                    .select_from(ResultRow)
                    .where(ResultRow.run_id.is_not(None))
                    .where(ResultRow.run_id.not_in(select(RunRow.run_id)))
                )
                or 0
            )
            hashes = s.scalar(select(func.count(func.distinct(RunRow.content_hash)))) or 0
    finally:
        db.close()
    return runs, originals, orphans, hashes


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "runs"
    folder.mkdir()
    files = sorted((ACTIVITIES / "fit").glob("*.fit"))[:count]
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def test_two_processes_importing_one_folder_store_each_file_once(
    db_url: str, tmp_path: Path
) -> None:
    subprocess.run(_miler("athlete", "create", "--database-url", db_url), check=True)
    folder = _folder(tmp_path, 12)
    procs = [
        subprocess.Popen(
            _miler("import", str(folder), "--json", "--database-url", db_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode in (0, 1), err
        reports.append(json.loads(out))
    alone = tmp_path / "alone.db"
    subprocess.run(_miler("athlete", "create", "--database-url", f"sqlite:///{alone}"), check=True)
    single = json.loads(
        subprocess.run(
            _miler("import", str(folder), "--json", "--database-url", f"sqlite:///{alone}"),
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    )
    stored = single["imported"]
    assert stored > 5
    runs, originals, orphans, hashes = _counts(db_url)
    assert (runs, originals, orphans, hashes) == (stored, stored, 0, stored)
    # between them the two processes imported each run once and saw the other's as a duplicate
    assert reports[0]["imported"] + reports[1]["imported"] == stored
    assert reports[0]["duplicates"] + reports[1]["duplicates"] == stored + 2 * single["duplicates"]


def test_a_process_killed_mid_import_leaves_nothing_half_written(
    db_url: str, tmp_path: Path
) -> None:
    subprocess.run(_miler("athlete", "create", "--database-url", db_url), check=True)
    folder = ACTIVITIES / "fit"
    proc = subprocess.Popen(
        _miler("import", str(folder), "--database-url", db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _counts(db_url)[0] < 3 and time.monotonic() < deadline:
            assert proc.poll() is None, "the import finished before it could be killed"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    runs, originals, orphans, hashes = _counts(db_url)
    assert runs >= 3 and runs == originals == hashes and orphans == 0
    done = subprocess.run(
        _miler("import", str(folder), "--json", "--database-url", db_url),
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    total_runs = _counts(db_url)[0]
    assert report["imported"] == total_runs - runs
    assert report["imported"] > 0
    assert _counts(db_url) == (total_runs, total_runs, 0, total_runs)
