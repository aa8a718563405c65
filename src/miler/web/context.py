"""Whose log a request reads and writes: the one seam between the web app and the store.

Every page and API route that touches the training log takes its database and its runner
from here, never from a module global, so the coach server can put accounts in front of
it (issue 17) by changing this module alone:

- :func:`database` is the log the app was started on (``WebSettings.database_url``; the
  embedded SQLite log by default), opened once on first use and closed with the app.
- :func:`athlete` is the runner the request acts for. In the single-user local mode of
  ``miler serve`` that is the log's runner (``miler athlete create`` or the onboarding
  form made it); a log with no runner yet raises :class:`NoAthleteError`, which pages turn
  into a redirect to onboarding and the API into a 404 with the words of the error.
"""

from __future__ import annotations

import threading

from fastapi import Request

from miler.errors import MilerError
from miler.services.stores import AthleteProfile
from miler.store.database import Database, open_database

__all__ = ["NoAthleteError", "athlete", "close_database", "database", "optional_athlete"]

_OPEN_LOCK = threading.Lock()


class NoAthleteError(MilerError):
    """The log holds no runner yet: onboarding (or ``miler athlete create``) comes first."""


def database(request: Request) -> Database:
    """The training log of this app (opened, and on first use created, once)."""
    state = request.app.state
    db: Database | None = getattr(state, "database", None)
    if db is None:
        with _OPEN_LOCK:
            db = getattr(state, "database", None)
            if db is None:
                db = open_database(state.settings.database_url)
                state.database = db
    return db


def close_database(state: object) -> None:
    """Close the log an app opened (on shutdown; a no-op when it never opened one)."""
    db: Database | None = getattr(state, "database", None)
    if db is not None:
        db.close()
        state.database = None  # type: ignore[attr-defined]


def optional_athlete(request: Request) -> AthleteProfile | None:
    """The runner this request acts for, or None when the log has none yet."""
    from miler.store import SqlAthleteStore

    return SqlAthleteStore(database(request)).default_athlete()


def athlete(request: Request) -> AthleteProfile:
    """The runner this request acts for; :class:`NoAthleteError` when there is none."""
    found = optional_athlete(request)
    if found is None:
        raise NoAthleteError(
            "there is no runner in this training log yet: start with your profile and "
            "results on the first page"
        )
    return found
