"""The account use cases on a real log: one answer for every failed sign-in, the limit on
failures, a stronger hash stored after a login, sessions and tokens handed out once."""

from __future__ import annotations

import datetime as dt

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from miler.accounts.policy import Role
from miler.accounts.ratelimit import FailureWindow
from miler.errors import InvalidInputError
from miler.services.accounts import (
    SESSION_LIFETIME,
    LoginFailedError,
    LoginThrottledError,
    authenticate,
    create_api_token,
    create_user,
    end_session,
    revoke_api_token,
    session_user,
    start_session,
    token_user,
)
from miler.store import Database, SqlAthleteStore
from miler.store.accounts import SqlUserStore
from miler.store.models import UserRow

NOW = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


def _ann(db: Database) -> SqlUserStore:
    users = SqlUserStore(db)
    create_user(users, SqlAthleteStore(db), email="ann@club.org", display_name="Ann",
                password=PASSWORD, role=Role.ATHLETE, now=NOW)  # fmt: skip
    return users


def _sign_in(
    users: SqlUserStore,
    window: FailureWindow,
    password: str,
    email: str = "ann@club.org",
    t: float = 0.0,
) -> object:
    return authenticate(
        users, window, email=email, password=password, source="203.0.113.7", clock_s=t
    )


def test_every_user_gets_a_log_of_their_own(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    user = users.user_by_email("ann@club.org")
    assert user is not None and user.athlete_id is not None
    profile = SqlAthleteStore(sqlite_db).get_athlete(user.athlete_id)
    assert profile is not None and profile.name == "Ann"
    with pytest.raises(InvalidInputError, match="not an e-mail address"):
        create_user(users, SqlAthleteStore(sqlite_db), email="ann", display_name="A",
                    password=PASSWORD, role=Role.ATHLETE, now=NOW)  # fmt: skip


def test_failed_sign_ins_share_one_message_and_are_limited(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    window = FailureWindow(limit=3, window_s=60.0)
    messages = set()
    for email, password in (("ann@club.org", "wrong one!"), ("nobody@club.org", PASSWORD),
                            ("ANN@club.org", "")):  # fmt: skip
        with pytest.raises(LoginFailedError) as failed:
            _sign_in(users, window, password, email)
        messages.add(str(failed.value))
    assert messages == {"the e-mail address or the password is wrong"}
    with pytest.raises(LoginThrottledError, match="wait 1 minute"):
        _sign_in(users, window, PASSWORD, t=1.0)
    assert _sign_in(users, window, PASSWORD, t=61.0)  # the window moved on


def test_a_disabled_account_cannot_sign_in(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    with sqlite_db.session(write=True) as s:
        row = s.query(UserRow).one()
        row.disabled = True
    with pytest.raises(LoginFailedError):
        _sign_in(users, FailureWindow(), PASSWORD)


def test_a_weaker_stored_hash_is_replaced_at_sign_in(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    weak = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1),)).hash(
        PASSWORD
    )
    with sqlite_db.session(write=True) as s:
        s.query(UserRow).one().password_hash = weak
    _sign_in(users, FailureWindow(), PASSWORD)
    stored = users.user_by_email("ann@club.org")
    assert stored is not None and stored.password_hash != weak
    assert "m=65536" in stored.password_hash


def test_a_session_is_new_at_each_sign_in_and_ends(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    user = users.user_by_email("ann@club.org")
    assert user is not None
    first = start_session(users, user, NOW)
    second = start_session(users, user, NOW, replacing=first)
    assert first != second and second.startswith("mlr_ses_")
    assert session_user(users, first, NOW) is None
    assert session_user(users, second, NOW + SESSION_LIFETIME - dt.timedelta(seconds=1))
    assert session_user(users, second, NOW + SESSION_LIFETIME) is None
    end_session(users, second)
    assert session_user(users, second, NOW) is None


def test_an_api_token_is_revoked_by_its_owner(sqlite_db: Database) -> None:
    users = _ann(sqlite_db)
    user = users.user_by_email("ann@club.org")
    assert user is not None
    token, secret = create_api_token(users, user, " sync ", NOW)
    assert token.name == "sync" and token_user(users, secret, NOW) is not None
    with pytest.raises(InvalidInputError, match="no API token 999"):
        revoke_api_token(users, user, 999)
    revoke_api_token(users, user, token.token_id)
    assert token_user(users, secret, NOW) is None
    with pytest.raises(InvalidInputError, match="name the token"):
        create_api_token(users, user, "  ", NOW)
