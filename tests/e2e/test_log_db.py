"""``miler db``: the real CLI creates, reports and upgrades the training log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from miler.store.database import Database, _engine, upgrade

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
    assert report["schema"] is None and report["latest"] == "0002"

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
        "to": "0002",
        "changed": True,
    }
    again = miler_cli("db", "upgrade")
    assert "already at schema 0002" in again.stdout


def test_unreachable_postgresql_is_one_line_exit_2(miler_cli: Cli) -> None:
    done = miler_cli("db", "where", "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert done.returncode == 2
    assert done.stderr.startswith("miler db: error: cannot reach the database postgresql://")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
