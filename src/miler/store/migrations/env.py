"""Alembic's environment: miler runs migrations programmatically on a connection it opened
(``config.attributes["connection"]``), never from an ``alembic.ini``."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from miler.store.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):  # pragma: no cover - only miler runs these
    raise RuntimeError("miler's migrations run through miler.store.database.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
