"""The database implementations of the account stores (:mod:`miler.services.account_stores`).

Each method is one transaction. An e-mail is unique whatever its case: the database holds a
unique, case-folded key beside the address as written. Accepting an invitation marks it used
and adds the membership in one write transaction, so one link admits one athlete even when
two browsers send it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from miler.services.account_stores import (
    ApiToken,
    Comment,
    EmailTakenError,
    Invitation,
    Membership,
    NewUser,
    Squad,
    User,
)
from miler.store.database import Database
from miler.store.models import (
    ApiTokenRow,
    CommentRow,
    InvitationRow,
    LoginSessionRow,
    MembershipRow,
    SquadRow,
    UserRow,
)

__all__ = ["SqlCommentStore", "SqlSquadStore", "SqlUserStore", "email_key"]


def email_key(email: str) -> str:
    """The form an e-mail address is unique in: trimmed and case-folded."""
    return email.strip().casefold()


def _user(row: UserRow) -> User:
    return User.model_validate(row, from_attributes=True)


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken.model_validate(row, from_attributes=True)


def _squad(row: SquadRow) -> Squad:
    return Squad.model_validate(row, from_attributes=True)


def _membership(row: MembershipRow) -> Membership:
    return Membership.model_validate(row, from_attributes=True)


def _invitation(row: InvitationRow) -> Invitation:
    return Invitation.model_validate(row, from_attributes=True)


class SqlUserStore:
    """Accounts, login sessions and API tokens in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_user(self, user: NewUser, now: dt.datetime) -> User:
        """Store a new account; :class:`EmailTakenError` when the e-mail is taken."""
        taken = EmailTakenError(f"there is already an account for {user.email.strip()}")
        row = UserRow(
            user_id=user.user_id,
            email=user.email.strip(),
            email_key=email_key(user.email),
            display_name=user.display_name,
            password_hash=user.password_hash,
            role=str(user.role),
            athlete_id=user.athlete_id,
            disabled=False,
            created=now,
        )
        try:
            with self._db.session(write=True) as session:
                if session.scalar(
                    select(UserRow.user_id).where(UserRow.email_key == row.email_key)
                ):
                    raise taken
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError:
            raise taken from None

    def get_user(self, user_id: str) -> User | None:
        """The account with this id, or None."""
        with self._db.session() as session:
            row = session.get(UserRow, user_id)
            return None if row is None else _user(row)

    def user_by_email(self, email: str) -> User | None:
        """The account that signs in with ``email`` (any case), or None."""
        with self._db.session() as session:
            row = session.scalars(
                select(UserRow).where(UserRow.email_key == email_key(email))
            ).first()
            return None if row is None else _user(row)

    def users(self) -> Sequence[User]:
        """Every account, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.created, UserRow.user_id))
            return [_user(r) for r in rows]

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        """Replace the stored password hash."""
        with self._db.session(write=True) as session:
            session.execute(
                update(UserRow)
                .where(UserRow.user_id == user_id)
                .values(password_hash=password_hash)
            )

    def add_session(
        self, user_id: str, token_hash: str, now: dt.datetime, expires: dt.datetime
    ) -> None:
        """Store a login session by the hash of its token."""
        with self._db.session(write=True) as session:
            session.add(
                LoginSessionRow(
                    token_hash=token_hash,
                    user_id=user_id,
                    created=now,
                    expires=expires,
                    revoked=False,
                )
            )

    def session_user(self, token_hash: str, now: dt.datetime) -> User | None:
        """The enabled account of a live session, or None."""
        with self._db.session() as session:
            row = session.scalars(
                select(UserRow)
                .join(LoginSessionRow, LoginSessionRow.user_id == UserRow.user_id)
                .where(
                    LoginSessionRow.token_hash == token_hash,
                    LoginSessionRow.revoked.is_(False),
                    LoginSessionRow.expires > now,
                    UserRow.disabled.is_(False),
                )
            ).first()
            return None if row is None else _user(row)

    def end_session(self, token_hash: str) -> None:
        """End one login session."""
        with self._db.session(write=True) as session:
            session.execute(
                update(LoginSessionRow)
                .where(LoginSessionRow.token_hash == token_hash)
                .values(revoked=True)
            )

    def end_sessions(self, user_id: str) -> int:
        """End every login session of an account; returns how many were live."""
        with self._db.session(write=True) as session:
            done = session.execute(
                update(LoginSessionRow)
                .where(LoginSessionRow.user_id == user_id, LoginSessionRow.revoked.is_(False))
                .values(revoked=True)
            )
            return int(done.rowcount)  # type: ignore[attr-defined]

    def add_api_token(self, user_id: str, token_hash: str, name: str, now: dt.datetime) -> ApiToken:
        """Store an API token by its hash."""
        with self._db.session(write=True) as session:
            row = ApiTokenRow(
                token_hash=token_hash, user_id=user_id, name=name, created=now, revoked=False
            )
            session.add(row)
            session.flush()
            return _token(row)

    def api_tokens(self, user_id: str) -> Sequence[ApiToken]:
        """The account's API tokens, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ApiTokenRow)
                .where(ApiTokenRow.user_id == user_id)
                .order_by(ApiTokenRow.token_id)
            )
            return [_token(r) for r in rows]

    def revoke_api_token(self, user_id: str, token_id: int) -> bool:
        """Revoke one of the account's tokens; False when it has none with that id."""
        with self._db.session(write=True) as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None or row.user_id != user_id:
                return False
            row.revoked = True
            return True

    def token_user(self, token_hash: str, now: dt.datetime) -> User | None:
        """The enabled account of a live API token (its last use stamped), or None."""
        with self._db.session(write=True) as session:
            found = session.execute(
                select(ApiTokenRow, UserRow)
                .join(UserRow, UserRow.user_id == ApiTokenRow.user_id)
                .where(
                    ApiTokenRow.token_hash == token_hash,
                    ApiTokenRow.revoked.is_(False),
                    UserRow.disabled.is_(False),
                )
            ).first()
            if found is None:
                return None
            token, user = found
            token.last_used = now
            return _user(user)


class SqlSquadStore:
    """Squads, memberships and invitations in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_squad(self, squad_id: str, name: str, coach_user_id: str, now: dt.datetime) -> Squad:
        """Store a new squad."""
        with self._db.session(write=True) as session:
            row = SquadRow(squad_id=squad_id, name=name, coach_user_id=coach_user_id, created=now)
            session.add(row)
            session.flush()
            return _squad(row)

    def get_squad(self, squad_id: str) -> Squad | None:
        """The squad with this id, or None."""
        with self._db.session() as session:
            row = session.get(SquadRow, squad_id)
            return None if row is None else _squad(row)

    def squads(self, coach_user_id: str | None = None) -> Sequence[Squad]:
        """The squads ``coach_user_id`` coaches (None: every squad), oldest first."""
        query = select(SquadRow).order_by(SquadRow.created, SquadRow.squad_id)
        if coach_user_id is not None:
            query = query.where(SquadRow.coach_user_id == coach_user_id)
        with self._db.session() as session:
            return [_squad(r) for r in session.scalars(query)]

    def members(self, squad_id: str) -> Sequence[Membership]:
        """The squad's current members, first joined first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(MembershipRow)
                .where(MembershipRow.squad_id == squad_id, MembershipRow.left.is_(None))
                .order_by(MembershipRow.joined, MembershipRow.membership_id)
            )
            return [_membership(r) for r in rows]

    def squads_of_athlete(self, athlete_id: str) -> Sequence[Squad]:
        """The squads the athlete is in now."""
        with self._db.session() as session:
            rows = session.scalars(
                select(SquadRow)
                .join(MembershipRow, MembershipRow.squad_id == SquadRow.squad_id)
                .where(MembershipRow.athlete_id == athlete_id, MembershipRow.left.is_(None))
                .order_by(SquadRow.created, SquadRow.squad_id)
            )
            return [_squad(r) for r in rows]

    def coached_athletes(self, coach_user_id: str) -> frozenset[str]:
        """Every athlete now in a squad ``coach_user_id`` coaches."""
        with self._db.session() as session:
            ids = session.scalars(
                select(MembershipRow.athlete_id)
                .join(SquadRow, SquadRow.squad_id == MembershipRow.squad_id)
                .where(SquadRow.coach_user_id == coach_user_id, MembershipRow.left.is_(None))
            )
            return frozenset(ids)

    def add_invitation(
        self, squad_id: str, token_hash: str, now: dt.datetime, expires: dt.datetime
    ) -> Invitation:
        """Store an invitation link by the hash of its token."""
        with self._db.session(write=True) as session:
            row = InvitationRow(
                token_hash=token_hash, squad_id=squad_id, created=now, expires=expires
            )
            session.add(row)
            session.flush()
            return _invitation(row)

    def invitation(self, token_hash: str) -> Invitation | None:
        """The invitation with this token hash, or None."""
        with self._db.session() as session:
            row = session.scalars(
                select(InvitationRow).where(InvitationRow.token_hash == token_hash)
            ).first()
            return None if row is None else _invitation(row)

    def accept_invitation(
        self, token_hash: str, user_id: str, athlete_id: str, now: dt.datetime
    ) -> Membership | None:
        """Use an unused, unexpired invitation: the athlete joins its squad (once)."""
        with self._db.session(write=True) as session:
            used = session.execute(
                update(InvitationRow)
                .where(
                    InvitationRow.token_hash == token_hash,
                    InvitationRow.accepted_by.is_(None),
                    InvitationRow.accepted_at.is_(None),
                    InvitationRow.expires > now,
                )
                .values(accepted_by=user_id, accepted_at=now)
            )
            if used.rowcount != 1:  # type: ignore[attr-defined]
                return None
            squad_id = session.scalars(
                select(InvitationRow.squad_id).where(InvitationRow.token_hash == token_hash)
            ).one()
            row = session.scalars(
                select(MembershipRow).where(
                    MembershipRow.squad_id == squad_id,
                    MembershipRow.athlete_id == athlete_id,
                    MembershipRow.left.is_(None),
                )
            ).first()
            if row is None:
                row = MembershipRow(squad_id=squad_id, athlete_id=athlete_id, joined=now)
                session.add(row)
                session.flush()
            return _membership(row)

    def leave(self, squad_id: str, athlete_id: str, now: dt.datetime) -> bool:
        """The athlete leaves the squad; False when they were not in it."""
        with self._db.session(write=True) as session:
            done = session.execute(
                update(MembershipRow)
                .where(
                    MembershipRow.squad_id == squad_id,
                    MembershipRow.athlete_id == athlete_id,
                    MembershipRow.left.is_(None),
                )
                .values(left=now)
            )
            return bool(done.rowcount)  # type: ignore[attr-defined]


class SqlCommentStore:
    """Comments in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
        with self._db.session(write=True) as session:
            row = CommentRow(
                author_user_id=author_user_id,
                athlete_id=athlete_id,
                session_id=session_id,
                run_id=run_id,
                text=text,
                created=now,
            )
            session.add(row)
            session.flush()
            author = session.get(UserRow, author_user_id)
            return _comment(row, None if author is None else author.display_name)

    def comments(
        self, athlete_id: str, *, session_id: str | None = None, run_id: int | None = None
    ) -> Sequence[Comment]:
        """The athlete's comments (on one session or run when given), oldest first."""
        query = (
            select(CommentRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.user_id == CommentRow.author_user_id)
            .where(CommentRow.athlete_id == athlete_id)
            .order_by(CommentRow.created, CommentRow.comment_id)
        )
        if session_id is not None:
            query = query.where(CommentRow.session_id == session_id)
        if run_id is not None:
            query = query.where(CommentRow.run_id == run_id)
        with self._db.session() as session:
            return [_comment(row, name) for row, name in session.execute(query)]


def _comment(row: CommentRow, author_name: str | None) -> Comment:
    return Comment(
        comment_id=row.comment_id,
        author_user_id=row.author_user_id,
        author_name=author_name or "a former user",
        athlete_id=row.athlete_id,
        session_id=row.session_id,
        run_id=row.run_id,
        text=row.text,
        created=row.created,
    )
