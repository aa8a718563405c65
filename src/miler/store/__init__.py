"""The training log's database: SQLAlchemy 2 models, Alembic migrations and the repositories
that implement the store interfaces of :mod:`miler.services.stores`.

SQLite in the runner's data folder by default (created on first use), PostgreSQL (psycopg 3)
when a URL says so. See :mod:`miler.store.database` for how the database is found, opened,
created and migrated.
"""

from __future__ import annotations

from miler.store.database import Database, database_url, open_database
from miler.store.repositories import (
    SqlAthleteStore,
    SqlEventStore,
    SqlFeedStore,
    SqlPlanStore,
    SqlRunStore,
)

__all__ = [
    "Database",
    "SqlAthleteStore",
    "SqlEventStore",
    "SqlFeedStore",
    "SqlPlanStore",
    "SqlRunStore",
    "database_url",
    "open_database",
]
