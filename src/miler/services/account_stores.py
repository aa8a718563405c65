"""The stores of the coach server's accounts: users and how they sign in (login sessions, API
tokens), squads with their members and invitations, and comments.

Like :mod:`miler.services.stores`, each store is a :class:`typing.Protocol` that the database
of :mod:`miler.store` implements, and the records are frozen pydantic models. No secret
crosses these interfaces: sessions, API tokens and invitation links are handed to the store
as the SHA-256 of their token (:func:`miler.accounts.tokens.token_digest`), passwords as their
Argon2id hash. Times are UTC-aware and given by the caller, so expiry is tested without
waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from miler.accounts.policy import Role
from miler.services.stores import StoreError

__all__ = [
    "ApiToken",
    "Comment",
    "CommentStore",
    "EmailTakenError",
    "Invitation",
    "Membership",
    "NewUser",
    "Squad",
    "SquadStore",
    "User",
    "UserStore",
]


class EmailTakenError(StoreError):
    """Another account already signs in with this e-mail address (whatever its case)."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NewUser(_Record):
    """An account on its way into the store."""

    user_id: str = Field(min_length=1, max_length=64)
    email: str = Field(min_length=3, max_length=320)
    display_name: str = Field(min_length=1, max_length=200)
    password_hash: str = Field(repr=False)
    role: Role
    athlete_id: str | None = None


class User(_Record):
    """An account: who signs in, their role and the athlete whose log is theirs."""

    user_id: str
    email: str
    display_name: str
    role: Role
    athlete_id: str | None
    disabled: bool
    created: dt.datetime
    password_hash: str = Field(repr=False, exclude=True)


class ApiToken(_Record):
    """An API token as its owner sees it listed (never the token itself)."""

    token_id: int
    user_id: str
    name: str
    created: dt.datetime
    last_used: dt.datetime | None
    revoked: bool


class Squad(_Record):
    """A squad and its coach."""

    squad_id: str
    name: str
    coach_user_id: str
    created: dt.datetime


class Membership(_Record):
    """An athlete in a squad, from ``joined`` until ``left`` (None: still a member)."""

    squad_id: str
    athlete_id: str
    joined: dt.datetime
    left: dt.datetime | None


class Invitation(_Record):
    """An invitation link to a squad (its token is only ever held by whoever got the link)."""

    invitation_id: int
    squad_id: str
    created: dt.datetime
    expires: dt.datetime
    accepted_by: str | None
    accepted_at: dt.datetime | None


class Comment(_Record):
    """A comment on one of an athlete's planned sessions or runs, with its author's name."""

    comment_id: int
    author_user_id: str | None
    author_name: str
    athlete_id: str
    session_id: str | None
    run_id: int | None
    text: str
    created: dt.datetime


class UserStore(Protocol):
    """Accounts, their login sessions and their API tokens."""

    def add_user(self, user: NewUser, now: dt.datetime) -> User:
        """Store a new account; :class:`EmailTakenError` when the e-mail is taken."""
        ...

    def get_user(self, user_id: str) -> User | None:
        """The account with this id, or None."""
        ...

    def user_by_email(self, email: str) -> User | None:
        """The account that signs in with ``email`` (any case), or None."""
        ...

    def users(self) -> Sequence[User]:
        """Every account, oldest first."""
        ...

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        """Replace the stored password hash (a stronger one after a login)."""
        ...

    def add_session(
        self, user_id: str, token_hash: str, now: dt.datetime, expires: dt.datetime
    ) -> None:
        """Store a login session by the hash of its token."""
        ...

    def session_user(self, token_hash: str, now: dt.datetime) -> User | None:
        """The enabled account of a live (not ended, not expired) session, or None."""
        ...

    def end_session(self, token_hash: str) -> None:
        """End one login session (a no-op when there is none)."""
        ...

    def end_sessions(self, user_id: str) -> int:
        """End every login session of an account; returns how many were live."""
        ...

    def add_api_token(self, user_id: str, token_hash: str, name: str, now: dt.datetime) -> ApiToken:
        """Store an API token by its hash."""
        ...

    def api_tokens(self, user_id: str) -> Sequence[ApiToken]:
        """The account's API tokens, oldest first (revoked ones too)."""
        ...

    def revoke_api_token(self, user_id: str, token_id: int) -> bool:
        """Revoke one of the account's tokens; False when it has none with that id."""
        ...

    def token_user(self, token_hash: str, now: dt.datetime) -> User | None:
        """The enabled account of a live API token (its last use is stamped), or None."""
        ...


class SquadStore(Protocol):
    """Squads, who is in them, and the invitations to join them."""

    def add_squad(self, squad_id: str, name: str, coach_user_id: str, now: dt.datetime) -> Squad:
        """Store a new squad."""
        ...

    def get_squad(self, squad_id: str) -> Squad | None:
        """The squad with this id, or None."""
        ...

    def squads(self, coach_user_id: str | None = None) -> Sequence[Squad]:
        """The squads ``coach_user_id`` coaches (None: every squad), oldest first."""
        ...

    def members(self, squad_id: str) -> Sequence[Membership]:
        """The squad's current members, first joined first."""
        ...

    def squads_of_athlete(self, athlete_id: str) -> Sequence[Squad]:
        """The squads the athlete is in now."""
        ...

    def coached_athletes(self, coach_user_id: str) -> frozenset[str]:
        """Every athlete now in a squad ``coach_user_id`` coaches."""
        ...

    def add_invitation(
        self, squad_id: str, token_hash: str, now: dt.datetime, expires: dt.datetime
    ) -> Invitation:
        """Store an invitation link by the hash of its token."""
        ...

    def invitation(self, token_hash: str) -> Invitation | None:
        """The invitation with this token hash, or None."""
        ...

    def accept_invitation(
        self, token_hash: str, user_id: str, athlete_id: str, now: dt.datetime
    ) -> Membership | None:
        """Use an unused, unexpired invitation: the athlete joins its squad (once; an athlete
        already in it stays as they are). None when the link is unknown, used or expired."""
        ...

    def leave(self, squad_id: str, athlete_id: str, now: dt.datetime) -> bool:
        """The athlete leaves the squad; False when they were not in it."""
        ...


class CommentStore(Protocol):
    """Comments on athletes' sessions and runs."""

    def add_comment(
        self,
        author_user_id: str,
        athlete_id: str,
        text: str,
        now: dt.datetime,
        *,
        session_id: str | None = None,
        run_id: int | None = None,
    ) -> Comment:
        """Store a comment on a session or a run of the athlete."""
        ...

    def comments(
        self, athlete_id: str, *, session_id: str | None = None, run_id: int | None = None
    ) -> Sequence[Comment]:
        """The athlete's comments (on one session or run when given), oldest first."""
        ...
