"""Finding, opening, creating and migrating the training log's database.

Which database (:func:`database_url`): the ``--database-url`` a command was given, else the
``MILER_DATABASE_URL`` environment variable, else ``miler.db`` (SQLite) in the runner's data
folder (:func:`platformdirs.user_data_dir`, or ``MILER_DATA_DIR`` when set). A PostgreSQL URL
is accepted as users write it (``postgresql://user@host/db``, ``postgres://...``) and read
with psycopg 3.

Opening (:func:`open_database`): a database with no tables yet is created by running every
migration; one on an older schema is refused with a message naming ``miler db upgrade``; one
made by a newer miler is refused too. SQLite waits for a lock held by another process (up to
``lock_timeout_s``) and then says the database is busy; writers take the lock when their
transaction begins (``BEGIN IMMEDIATE``), so two writers queue instead of failing halfway.
An unreachable PostgreSQL server is one :class:`DatabaseUnreachableError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from miler.services.stores import (
    DatabaseLockedError,
    DatabaseUnreachableError,
    SchemaOutdatedError,
    StoreError,
)

__all__ = [
    "DEFAULT_LOCK_TIMEOUT_S",
    "REVISIONS",
    "Database",
    "SchemaState",
    "data_dir",
    "database_url",
    "open_database",
    "schema_state",
    "upgrade",
]

DEFAULT_LOCK_TIMEOUT_S: Final = 15.0
"""How long a command waits for another process's lock on an SQLite log before giving up."""

_MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK: Final = 0x6D696C6572  # "miler": serialises concurrent first-use creation


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the runner's log: ``MILER_DATA_DIR`` or the platform's data folder."""
    env = os.environ if environ is None else environ
    override = env.get("MILER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("miler", appauthor=False))


def database_url(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The URL of the log: ``explicit``, else ``MILER_DATABASE_URL``, else SQLite in
    :func:`data_dir`."""
    env = os.environ if environ is None else environ
    chosen = explicit or env.get("MILER_DATABASE_URL")
    if chosen:
        return chosen
    return f"sqlite:///{data_dir(env) / 'miler.db'}"


def _normalise(url: str) -> URL:
    """SQLAlchemy's URL for what a user wrote; ``postgresql://`` means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"cannot read the database URL {url!r}: use sqlite:///PATH or "
            "postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite")
    raise StoreError(
        f"miler keeps its log in SQLite or PostgreSQL, not {backend!r}: use sqlite:///PATH "
        "or postgresql://USER@HOST:PORT/DATABASE"
    )


def _shown(url: URL) -> str:
    """The URL as a user writes it (no driver name), password hidden."""
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _is_locked(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return "database is locked" in text or "database table is locked" in text


@dataclass
class Database:
    """An open training log: an engine and the transactions every repository runs in."""

    engine: Engine
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    _writer: Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writer = self.engine.execution_options(miler_write=True)

    @property
    def url(self) -> str:
        """The URL, password hidden."""
        return _shown(self.engine.url)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``write=True`` takes SQLite's write lock at the start (waiting up to the lock
        timeout for another writer), so the transaction never fails halfway on a lock.
        """
        bind = self._writer if write else self.engine
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as error:
            raise self._translate(error) from None

    def _translate(self, error: OperationalError) -> StoreError:
        if _is_locked(error):
            return DatabaseLockedError(
                f"the log {self.url} is busy: another miler process held it for more than "
                f"{self.lock_timeout_s:g} s; try again when it has finished"
            )
        if "disk is full" in _first_line(error) or "No space left" in _first_line(error):
            return StoreError(
                f"the log {self.url} cannot be written: the disk is full; nothing of what "
                "was being written is kept: free some space and run the command again"
            )
        if self.dialect == "postgresql":
            return DatabaseUnreachableError(
                f"cannot reach the database {self.url}: {_first_line(error)}"
            )
        return StoreError(f"the log {self.url} cannot be used: {_first_line(error)}")

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _sqlite_engine(url: URL, lock_timeout_s: float) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder of the log {database}: {error.strerror}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": lock_timeout_s})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is switched off so that BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout_s * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("miler_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _engine(url: str, lock_timeout_s: float) -> Engine:
    parsed = _normalise(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, lock_timeout_s)
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against this miler's migrations."""

    current: str | None
    head: str
    known: bool

    @property
    def empty(self) -> bool:
        """No miler tables yet."""
        return self.current is None

    @property
    def up_to_date(self) -> bool:
        """The schema this miler writes."""
        return self.current == self.head


#: every schema revision of the migrations, oldest first (a test checks it against them), so
#: that opening the log reads one row and needs no Alembic import
REVISIONS: Final = ("0001", "0002", "0003", "0004", "0005", "0006")


def _state(connection: Connection) -> SchemaState:
    from sqlalchemy import inspect, text

    head = REVISIONS[-1]
    if not inspect(connection).has_table("alembic_version"):
        return SchemaState(current=None, head=head, known=True)
    current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(current=current, head=head, known=current is None or current in REVISIONS)


def schema_state(db: Database) -> SchemaState:
    """The database's schema revision and this miler's."""
    try:
        with db.engine.connect() as connection:
            return _state(connection)
    except OperationalError as error:
        raise db._translate(error) from None


def upgrade(db: Database, target: str = "head") -> tuple[str | None, str]:
    """Run every migration the database lacks (up to ``target``, default the newest), in one
    transaction that holds the write lock (two processes creating the log at once: the
    second finds it made). Returns the schema revision before and after."""
    from alembic import command

    try:
        with db._writer.connect() as connection, connection.begin():
            if db.dialect == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
            state = _state(connection)
            if not state.known:
                raise StoreError(_newer_message(db, state))
            if not state.up_to_date:
                command.upgrade(_alembic_config(connection), target)
            return state.current, state.head if target == "head" else target
    except OperationalError as error:
        raise db._translate(error) from None


def _newer_message(db: Database, state: SchemaState) -> str:
    return (
        f"the log {db.url} is at schema revision {state.current}, newer than this miler "
        f"knows ({state.head}): upgrade miler (pip install -U miler)"
    )


def open_database(
    url: str | None = None,
    *,
    create: bool = True,
    check: bool = True,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
) -> Database:
    """Open the log at ``url`` (default: :func:`database_url`).

    ``create``: make the tables of a database that has none yet. ``check``: refuse a
    database on an older or newer schema (``miler db upgrade`` opens with ``check=False``).
    """
    engine = _engine(database_url(url), lock_timeout_s)
    db = Database(engine, lock_timeout_s)
    try:
        with engine.connect() as connection:
            state = _state(connection)
    except (OperationalError, DBAPIError) as error:
        db.close()
        if isinstance(error, OperationalError):
            raise db._translate(error) from None
        raise StoreError(f"the log {db.url} cannot be used: {_first_line(error)}") from None
    if not check:
        return db
    if state.empty and create:
        upgrade(db)
    elif state.empty:
        db.close()
        raise StoreError(f"there is no training log at {db.url} yet")
    elif not state.known:
        db.close()
        raise StoreError(_newer_message(db, state))
    elif not state.up_to_date:
        db.close()
        raise SchemaOutdatedError(
            f"the log {db.url} was made by an older miler (schema {state.current}, this "
            f"miler writes {state.head}): run 'miler db upgrade' first"
        )
    return db
