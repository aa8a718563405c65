"""Fixtures of the accounts tests: a training log on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from miler.store import Database, open_database
from store.conftest import postgres_schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, open training log: SQLite, then PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        db = open_database(f"sqlite:///{tmp_path / 'log.db'}")
        yield db
        db.close()
    else:
        for url in postgres_schema_url():
            db = open_database(url)
            yield db
            db.close()


@pytest.fixture()
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """An empty, open SQLite training log."""
    db = open_database(f"sqlite:///{tmp_path / 'log.db'}")
    yield db
    db.close()
