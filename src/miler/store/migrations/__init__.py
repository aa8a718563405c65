"""Alembic migrations of the training log, shipped inside the package and run by
:func:`miler.store.database.upgrade` (``miler db upgrade``)."""
