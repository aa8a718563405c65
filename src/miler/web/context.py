"""Whose log a request reads and writes: the one seam between the web app and the store.

Every page and API route that touches the training log takes its database and its runner
from here, never from a module global, so accounts (issue 17) live in this module alone:

- :func:`database` is the log the app was started on (``WebSettings.database_url``; the
  embedded SQLite log by default), opened once on first use and closed with the app.
- :func:`athlete` is the runner the request acts for.

  *Single-user local mode* (``WebSettings.accounts`` false, ``miler serve`` on 127.0.0.1):
  the log's runner (``miler athlete create`` or the onboarding form made it); a log with
  no runner yet raises :class:`NoAthleteError`, which pages turn into a redirect to
  onboarding and the API into a 404 with the words of the error.

  *Accounts mode*: the signed-in user's own athlete; or, when the request names another
  with the ``athlete`` query parameter, that athlete if the authorization rule
  (:func:`miler.accounts.policy.allowed`: a coach and the athletes of their squads, an
  admin and everyone) lets the user read it (GET) or change it (any other method). An
  athlete the user may not reach is answered exactly as one that does not exist (404), so
  an address never tells that someone is there.
- :func:`signed_in_user` is the account of the request (set by the sign-in gate of
  :mod:`miler.web.auth`, which refuses anonymous requests before they reach a route).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from urllib.parse import unquote

from fastapi import Request

from miler.errors import MilerError
from miler.services.squads import UnknownAthleteError
from miler.services.stores import AthleteProfile
from miler.store.database import Database, open_database

if TYPE_CHECKING:
    from miler.accounts.policy import Actor
    from miler.services.account_stores import User

__all__ = [
    "ACTING_COOKIE",
    "ATHLETE_PARAMETER",
    "OWN_ATHLETE",
    "NoAthleteError",
    "NotSignedInError",
    "UnknownAthleteError",
    "actor",
    "athlete",
    "close_database",
    "database",
    "optional_athlete",
    "signed_in_user",
]

ATHLETE_PARAMETER = "athlete"
#: ``?athlete=me``: back to the signed-in user's own athlete.
OWN_ATHLETE = "me"
#: The cookie that remembers the athlete a coach opened with ``?athlete=``.
ACTING_COOKIE = "miler_athlete"
"""The query parameter a coach names a squad member's log with (``?athlete=ID``)."""
_OPEN_LOCK = threading.Lock()
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class NoAthleteError(MilerError):
    """The log holds no runner yet: onboarding (or ``miler athlete create``) comes first."""


class NotSignedInError(MilerError):
    """Accounts are on and the request carries no live session or API token (401)."""


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


def _accounts_on(request: Request) -> bool:
    return bool(getattr(request.app.state.settings, "accounts", False))


def signed_in_user(request: Request) -> User | None:
    """The account the request was signed in with (None in local mode or anonymous)."""
    user: User | None = getattr(request.state, "miler_user", None)
    return user


def actor(request: Request) -> Actor:
    """The signed-in user as the authorization rule sees them (with their squads' athletes
    for a coach); :class:`NotSignedInError` when nobody is signed in."""
    from miler.services.accounts import actor_of
    from miler.store.accounts import SqlSquadStore

    found: Actor | None = getattr(request.state, "miler_actor", None)
    if found is not None:
        return found
    user = signed_in_user(request)
    if user is None:
        raise NotSignedInError("sign in first")
    found = actor_of(user, SqlSquadStore(database(request)))
    request.state.miler_actor = found
    return found


def _account_athlete(request: Request) -> AthleteProfile | None:
    from miler.accounts.policy import Action, allowed
    from miler.store import SqlAthleteStore

    user = signed_in_user(request)
    if user is None:
        raise NotSignedInError("sign in first")
    asked = request.query_params.get(ATHLETE_PARAMETER)
    if asked == OWN_ATHLETE:
        asked = user.athlete_id
    # The athlete a coach opened last (a cookie set by the sign-in gate), so every link
    # of the pages stays on that athlete; asked again on every request, like the parameter.
    remembered = None if asked is not None else unquote(request.cookies.get(ACTING_COOKIE, ""))
    wanted = asked or remembered or user.athlete_id
    if wanted is None:
        return None
    if wanted != user.athlete_id:
        action = Action.VIEW if request.method in _READS else Action.EDIT
        if not allowed(actor(request), action, wanted):
            if asked is None:  # a remembered athlete no longer theirs: back to their own
                return _own_athlete(request, user.athlete_id)
            raise UnknownAthleteError("there is no such athlete")
    found = SqlAthleteStore(database(request)).get_athlete(wanted)
    if found is None and wanted != user.athlete_id:
        raise UnknownAthleteError("there is no such athlete")
    if wanted != user.athlete_id:
        request.state.miler_acting_for = found  # the pages say whose log they show
    return found


def _own_athlete(request: Request, athlete_id: str | None) -> AthleteProfile | None:
    from miler.store import SqlAthleteStore

    if athlete_id is None:
        return None
    return SqlAthleteStore(database(request)).get_athlete(athlete_id)


def optional_athlete(request: Request) -> AthleteProfile | None:
    """The runner this request acts for, or None when there is none yet."""
    if _accounts_on(request):
        return _account_athlete(request)
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
