"""The training log's tests run on SQLite and on the real PostgreSQL of this machine.

``db_url`` is parametrised: an SQLite file in the test's own folder, and a PostgreSQL schema
of its own (``127.0.0.1:5432``, database ``test``, trust auth) reached through
``search_path``, dropped after the test, so parallel runs never collide. Without a reachable
PostgreSQL the PostgreSQL half is skipped, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST = os.environ.get("MILER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema's URL (yielded), dropped afterwards."""
    import psycopg

    try:
        admin = psycopg.connect(PG_HOST, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {PG_HOST}: {str(error).splitlines()[0]}")
    schema = f"miler_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{PG_HOST}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty training log: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'log.db'}"
    else:
        yield from postgres_schema_url()
