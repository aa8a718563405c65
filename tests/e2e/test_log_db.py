"""``miler db``: the real CLI creates, reports and upgrades the training log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from miler.store.database import REVISIONS, Database, _engine, upgrade

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]


def test_db_where_and_upgrade_an_older_log(
    miler_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    where = miler_cli("db", "where", "--json")
    assert where.returncode == 0, where.stderr
    report = json.loads(where.stdout)
    assert report["url"] == f"sqlite:///{tmp_path / 'data' / 'miler.db'}"
    assert report["schema"] is None and report["latest"] == REVISIONS[-1]

    old = Database(_engine(report["url"], 5.0))
    upgrade(old, "0001")
    old.close()
    refused = miler_cli("athlete", "show")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "run 'miler db upgrade' first" in refused.stderr
    done = miler_cli("db", "upgrade", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) | {"url": ""} == {
        "url": "",
        "from": "0001",
        "to": REVISIONS[-1],
        "changed": True,
    }
    again = miler_cli("db", "upgrade")
    assert f"already at schema {REVISIONS[-1]}" in again.stdout


def test_unreachable_postgresql_is_one_line_exit_2(miler_cli: Cli) -> None:
    done = miler_cli("db", "where", "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert done.returncode == 2
    assert done.stderr.startswith("miler db: error: cannot reach the database postgresql://")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_export_data_then_import_data_into_a_new_log(
    miler_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    miler_cli("athlete", "create", "--name", "Ann", "--result", "mile=6:00@2026-10-01")
    runs = Path(__file__).resolve().parent.parent / "data" / "activities" / "tcx"
    assert miler_cli("import", str(runs)).returncode == 0
    archive = tmp_path / "log.zip"
    done = miler_cli("export-data", str(archive), "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    assert rows["athletes"] == 1 and rows["runs"] >= 10
    other = f"sqlite:///{tmp_path / 'other.db'}"
    loaded = miler_cli("import-data", str(archive), "--database-url", other, "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["rows"] == rows
    again = tmp_path / "again.zip"
    assert miler_cli("export-data", str(again), "--database-url", other).returncode == 0
    with zipfile.ZipFile(archive) as a, zipfile.ZipFile(again) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert all(a.read(n) == b.read(n) for n in a.namelist())
    refused = miler_cli("import-data", str(archive), "--database-url", other)
    assert refused.returncode == 2 and "already holds a runner" in refused.stderr
