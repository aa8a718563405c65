"""Use cases of accounts: create a user, sign in, login sessions and API tokens.

- :func:`create_user` checks the password (:func:`miler.accounts.passwords.check_new_password`),
  stores only its Argon2id hash, and gives every user an athlete of their own (their log).
- :func:`authenticate` answers an unknown e-mail and a wrong password with the same words,
  and spends the same Argon2 work on both, so a sign-in form does not tell who has an
  account. Failures are counted per e-mail and per source address
  (:class:`miler.accounts.ratelimit.FailureWindow`); past the limit every attempt is refused
  until the window moves on, right password or not.
- :func:`start_session` issues a new session token on every sign-in and ends the one the
  browser had (no session fixation); only the token's SHA-256 is stored.
- API tokens are shown once at creation, stored as their hash, and revocable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

from miler.accounts.passwords import check_new_password, hash_password, verify_password
from miler.accounts.policy import Actor, Role
from miler.accounts.ratelimit import FailureWindow
from miler.accounts.tokens import issue_token, token_digest
from miler.errors import InvalidInputError, MilerError
from miler.plan.identity import new_id
from miler.services.account_stores import (
    ApiToken,
    EmailTakenError,
    NewUser,
    SquadStore,
    User,
    UserStore,
)
from miler.services.stores import AthleteProfile, AthleteStore

__all__ = [
    "SESSION_LIFETIME",
    "LoginFailedError",
    "LoginThrottledError",
    "actor_of",
    "api_tokens",
    "authenticate",
    "create_api_token",
    "create_user",
    "end_session",
    "revoke_api_token",
    "session_user",
    "start_session",
    "token_user",
]

SESSION_LIFETIME: Final = dt.timedelta(days=14)
"""How long a sign-in lasts: a fortnight of weekly use without signing in again (OWASP
Session Management asks for an absolute timeout; a training log is low-risk, used weekly)."""
_EMAIL: Final = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_WRONG: Final = "the e-mail address or the password is wrong"
#: verified when the e-mail is unknown, so both failures cost the same Argon2 work
_DUMMY_HASH: list[str] = []


class LoginFailedError(MilerError):
    """Unknown e-mail, wrong password or disabled account: one message for all three."""


class LoginThrottledError(MilerError):
    """Too many failed sign-ins from this address or for this e-mail."""

    def __init__(self, retry_after_s: float) -> None:
        minutes = max(1, round(retry_after_s / 60.0))
        super().__init__(
            f"too many failed sign-ins: wait {minutes} minute{'s' if minutes > 1 else ''} "
            "and try again"
        )
        self.retry_after_s = retry_after_s


def _check_email(email: str) -> str:
    email = email.strip()
    if not _EMAIL.match(email) or len(email) > 320:
        raise InvalidInputError(f"{email!r} is not an e-mail address (name@example.org)")
    return email


def create_user(
    users: UserStore,
    athletes: AthleteStore,
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role,
    now: dt.datetime,
) -> User:
    """A new account with an athlete (their own training log) of its own."""
    email = _check_email(email)
    display_name = display_name.strip()
    if not display_name or len(display_name) > 200:
        raise InvalidInputError("give a name (up to 200 characters) others will know you by")
    check_new_password(password, email=email)
    if users.user_by_email(email) is not None:
        raise EmailTakenError(f"there is already an account for {email}")
    athlete_id = new_id()
    athletes.save_athlete(AthleteProfile(athlete_id=athlete_id, name=display_name))
    return users.add_user(
        NewUser(
            user_id=new_id(),
            email=email,
            display_name=display_name,
            password_hash=hash_password(password),
            role=role,
            athlete_id=athlete_id,
        ),
        now,
    )


def authenticate(
    users: UserStore,
    limiter: FailureWindow,
    *,
    email: str,
    password: str,
    source: str,
    clock_s: float,
) -> User:
    """The account ``email`` and ``password`` sign in to; refused with one message whatever
    was wrong, and throttled per e-mail and per ``source`` (the client's address) over the
    limiter's window (``clock_s``: a monotonic clock in seconds)."""
    keys = (f"email:{email.strip().casefold()}", f"ip:{source}")
    wait = max(limiter.retry_after_s(key, clock_s) for key in keys)
    if wait > 0:
        raise LoginThrottledError(wait)
    user = users.user_by_email(email) if email.strip() else None
    if user is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not a password of anyone"))
        verify_password(password, _DUMMY_HASH[0])
        ok, updated = False, None
    else:
        ok, updated = verify_password(password, user.password_hash)
    if user is None or not ok or user.disabled:
        for key in keys:
            limiter.failed(key, clock_s)
        raise LoginFailedError(_WRONG)
    limiter.succeeded(keys[0])
    if updated is not None:
        users.set_password_hash(user.user_id, updated)
    return user


def start_session(
    users: UserStore, user: User, now: dt.datetime, *, replacing: str | None = None
) -> str:
    """A new session token for ``user`` (to set as the cookie); the session the browser had
    before (``replacing``) is ended, so a token planted before sign-in is worth nothing."""
    if replacing:
        users.end_session(token_digest(replacing))
    token = issue_token("session")
    users.add_session(user.user_id, token.digest, now, now + SESSION_LIFETIME)
    return token.secret


def session_user(users: UserStore, token: str, now: dt.datetime) -> User | None:
    """The account signed in with session ``token``, or None."""
    return users.session_user(token_digest(token), now) if token else None


def end_session(users: UserStore, token: str) -> None:
    """Sign out: the session token is worth nothing from now on."""
    if token:
        users.end_session(token_digest(token))


def create_api_token(
    users: UserStore, user: User, name: str, now: dt.datetime
) -> tuple[ApiToken, str]:
    """A new API token of ``user`` named ``name``, and its secret (shown this once)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInputError("name the token (up to 100 characters), e.g. 'watch sync'")
    token = issue_token("api")
    return users.add_api_token(user.user_id, token.digest, name, now), token.secret


def revoke_api_token(users: UserStore, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s API tokens; an id that is not theirs is unknown."""
    if not users.revoke_api_token(user.user_id, token_id):
        raise InvalidInputError(f"you have no API token {token_id}")


def token_user(users: UserStore, token: str, now: dt.datetime) -> User | None:
    """The account of a live API ``token``, or None."""
    return users.token_user(token_digest(token), now) if token else None


def actor_of(user: User, squads: SquadStore) -> Actor:
    """``user`` as the authorization rule sees them (a coach with their squads' athletes)."""
    coached: frozenset[str] = frozenset()
    if user.role is Role.COACH:
        coached = squads.coached_athletes(user.user_id)
    return Actor(user.user_id, user.role, athlete_id=user.athlete_id, coached_athletes=coached)


def api_tokens(users: UserStore, user: User) -> Sequence[ApiToken]:
    """``user``'s API tokens, oldest first."""
    return users.api_tokens(user.user_id)
