"""The tables of the training log (SQLAlchemy 2 declarative models).

The schema itself is created and changed only by the Alembic migrations in
``miler/store/migrations``; these models describe it for queries, and a test checks that
they and the migrations agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "ApiTokenRow",
    "AthleteRow",
    "Base",
    "CommentRow",
    "EventRow",
    "FeedRow",
    "InvitationRow",
    "JobItemRow",
    "JobRow",
    "LoginSessionRow",
    "MembershipRow",
    "PlanRow",
    "ResultRow",
    "RunOriginalRow",
    "RunRow",
    "RunViewRow",
    "SquadRow",
    "UserRow",
    "UtcDateTime",
]


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A UTC instant, stored as a plain timestamp in UTC on every database (SQLite has no
    time zones) and read back UTC-aware."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a stored time must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """The declarative base of every table."""


class AthleteRow(Base):
    """A runner: the profile as JSON (it follows ``AthleteProfile``), and when it was made."""

    __tablename__ = "athletes"

    athlete_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ResultRow(Base):
    """A dated result (entered, or found in an imported run)."""

    __tablename__ = "results"
    __table_args__ = (
        UniqueConstraint("athlete_id", "distance_m", "time_s", "date", "tag", "run_id"),
        {"sqlite_autoincrement": True},
    )

    result_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE"), index=True
    )
    distance_m: Mapped[float] = mapped_column(Float)
    time_s: Mapped[float] = mapped_column(Float)
    date: Mapped[dt.date] = mapped_column(Date)
    tag: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    run_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=True
    )


class PlanRow(Base):
    """One revision of a plan: the whole plan document (schema 2 JSON)."""

    __tablename__ = "plans"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(String(64), index=True)
    parent_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    current: Mapped[bool] = mapped_column(Boolean)
    document: Mapped[str] = mapped_column(Text)


class RunRow(Base):
    """An imported run with its analysis (JSON); the original bytes live in ``run_originals``."""

    __tablename__ = "runs"
    __table_args__ = (
        UniqueConstraint("athlete_id", "content_hash"),
        Index("ix_runs_athlete_start", "athlete_id", "start"),
        {"sqlite_autoincrement": True},
    )

    run_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(8))
    sport: Mapped[str] = mapped_column(String(32))
    start: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    duration_s: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)
    device: Mapped[str | None] = mapped_column(Text, nullable=True)
    name: Mapped[str | None] = mapped_column(Text, nullable=True)
    analysis: Mapped[str] = mapped_column(Text)
    imported: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class RunOriginalRow(Base):
    """The file a run was imported from, byte for byte."""

    __tablename__ = "run_originals"

    run_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RunViewRow(Base):
    """What a run's page draws (chart series, splits, the route's shape, its match to the
    plan), computed once from the original and kept as JSON, so a page view reads it
    instead of analysing the file again."""

    __tablename__ = "run_views"

    run_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """Something that changed the runner's plan from outside it: a skipped or moved session,
    a break (illness, injury, travel)."""

    __tablename__ = "events"
    __table_args__ = ({"sqlite_autoincrement": True},)

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    plan_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Accounts of the coach server (migration 0004). Secrets are never stored: sessions, API
# tokens and invitation links are kept as the SHA-256 of their token (miler.accounts.tokens).


class UserRow(Base):
    """A person who signs in: e-mail (unique whatever its case), name, Argon2id hash, role,
    and the athlete whose log is theirs."""

    __tablename__ = "users"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    email_key: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    athlete_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="SET NULL"), nullable=True
    )
    disabled: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class LoginSessionRow(Base):
    """A signed-in browser: the hash of its session cookie, until it expires or is ended."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.user_id", ondelete="CASCADE"), index=True
    )
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean)


class ApiTokenRow(Base):
    """A token a script sends as ``Authorization: Bearer``: its hash and its name."""

    __tablename__ = "api_tokens"
    __table_args__ = ({"sqlite_autoincrement": True},)

    token_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.user_id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    last_used: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean)


class SquadRow(Base):
    """A squad and the coach who runs it."""

    __tablename__ = "squads"

    squad_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    coach_user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.user_id", ondelete="CASCADE"), index=True
    )
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class MembershipRow(Base):
    """An athlete in a squad from ``joined`` until ``left`` (None: still in it)."""

    __tablename__ = "squad_members"
    __table_args__ = (
        Index("ix_squad_members_squad_athlete", "squad_id", "athlete_id"),
        {"sqlite_autoincrement": True},
    )

    membership_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    squad_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("squads.squad_id", ondelete="CASCADE")
    )
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE"), index=True
    )
    joined: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    left: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class InvitationRow(Base):
    """An invitation link to a squad: the hash of its token, until it expires or is used."""

    __tablename__ = "invitations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    invitation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    squad_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("squads.squad_id", ondelete="CASCADE"), index=True
    )
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    accepted_by: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("users.user_id", ondelete="SET NULL"), nullable=True
    )
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class CommentRow(Base):
    """A comment on one of an athlete's planned sessions or runs."""

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_athlete_created", "athlete_id", "created"),
        {"sqlite_autoincrement": True},
    )

    comment_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    author_user_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("users.user_id", ondelete="SET NULL"), nullable=True
    )
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE")
    )
    session_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    run_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FeedRow(Base):
    """A private calendar feed of a runner's current plan. Only the SHA-256 of its secret
    token is kept: the token itself is shown once, and a copy of the database does not
    open anyone's calendar."""

    __tablename__ = "feeds"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE"), index=True
    )
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class JobRow(Base):
    """Background work a runner asked for (an import of several files, a re-analysis, a
    re-plan, an export of the log): its items are the units a worker does one at a time."""

    __tablename__ = "jobs"

    job_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    athlete_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("athletes.athlete_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    created: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class JobItemRow(Base):
    """One unit of a job: an uploaded file (its bytes kept here until it is imported, so a
    worker that dies loses nothing), a run to analyse again, a re-plan, an export.

    ``state``: queued, running, done or failed; ``outcome`` says what became of it
    (imported, duplicate, replaced, failed, analysed, replanned, exported)."""

    __tablename__ = "job_items"
    __table_args__ = ({"sqlite_autoincrement": True},)

    item_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("jobs.job_id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    message: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer)
    result: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    updated: Mapped[dt.datetime] = mapped_column(UtcDateTime())
