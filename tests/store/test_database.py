"""Opening the training log: created on first use, migrated by ``upgrade``, refused with a
clear message when older, busy or unreachable. On SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect

from miler.services.stores import (
    AthleteProfile,
    DatabaseLockedError,
    DatabaseUnreachableError,
    SchemaOutdatedError,
    StoreError,
)
from miler.store import SqlAthleteStore, database_url, open_database
from miler.store.database import REVISIONS, Database, _engine, schema_state, upgrade
from miler.store.models import Base


def test_created_on_first_use_with_every_table(db_url: str) -> None:
    db = open_database(db_url)
    try:
        state = schema_state(db)
        assert state.up_to_date and state.current == state.head == REVISIONS[-1]
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        db.close()


def test_migrations_and_models_agree(db_url: str) -> None:
    """The tables the migrations make have exactly the columns the models query."""
    db = open_database(db_url)
    try:
        with db.engine.connect() as connection:
            inspector = inspect(connection)
            for name, table in Base.metadata.tables.items():
                made = {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
                modelled = {c.name: c.nullable for c in table.columns}
                assert made == modelled, name
    finally:
        db.close()


def test_older_schema_is_refused_naming_db_upgrade_then_upgraded(db_url: str) -> None:
    old = Database(_engine(db_url, 5.0))
    upgrade(old, "0001")
    SqlAthleteStore(old)  # the older log still opens for its own migration
    old.close()
    with pytest.raises(SchemaOutdatedError, match=r"miler db upgrade"):
        open_database(db_url)
    db = open_database(db_url, check=False)
    assert upgrade(db) == ("0001", REVISIONS[-1])
    db.close()
    open_database(db_url).close()


def test_newer_schema_is_refused(db_url: str) -> None:
    db = open_database(db_url)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    db.close()
    with pytest.raises(StoreError, match=r"newer than this miler knows.*upgrade miler"):
        open_database(db_url)


def test_a_locked_sqlite_log_waits_then_says_busy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    open_database(url).close()
    holder = sqlite3.connect(tmp_path / "log.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError, match=r"busy: another miler process.*0.3 s"):
            db = open_database(url, lock_timeout_s=0.3)
            SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="a"))
        assert time.monotonic() - started >= 0.3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db = open_database(url, lock_timeout_s=0.3)
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="a"))
    db.close()


def test_unreachable_postgresql_is_one_clear_error() -> None:
    with pytest.raises(DatabaseUnreachableError, match=r"cannot reach the database") as caught:
        open_database("postgresql://nobody@127.0.0.1:1/none")
    assert "\n" not in str(caught.value)


def test_urls_as_users_write_them(tmp_path: Path) -> None:
    env = {"MILER_DATA_DIR": str(tmp_path / "data")}
    assert database_url(None, env) == f"sqlite:///{tmp_path / 'data' / 'miler.db'}"
    assert database_url("postgresql://u@h/d", env) == "postgresql://u@h/d"
    env_url = {**env, "MILER_DATABASE_URL": "postgres://u@h/d"}
    assert database_url(None, env_url) == "postgres://u@h/d"
    assert database_url("sqlite:///x.db", env_url) == "sqlite:///x.db"
    assert _engine("postgresql://u@h/d", 1.0).url.drivername == "postgresql+psycopg"
    assert _engine("postgres://u@h/d", 1.0).url.drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match=r"SQLite or PostgreSQL, not 'mysql'"):
        _engine("mysql://u@h/d", 1.0)
    with pytest.raises(StoreError, match=r"cannot read the database URL"):
        _engine("not a url", 1.0)


def test_the_default_log_is_made_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "deep" / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    open_database().close()
    assert (tmp_path / "deep" / "data" / "miler.db").stat().st_size > 0


def test_the_revisions_miler_knows_are_its_migrations() -> None:
    """Opening the log compares its revision with REVISIONS instead of importing Alembic."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from miler.store.database import _MIGRATIONS, REVISIONS

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    assert tuple(s.revision for s in reversed(list(scripts.walk_revisions()))) == REVISIONS
    assert scripts.get_current_head() == REVISIONS[-1]
