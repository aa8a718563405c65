"""Accounts of the coach server: users, login sessions, API tokens, squads, memberships,
invitations and comments. Only hashes of secrets are stored.

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from miler.store.models import UtcDateTime

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None


def _user(name: str, *, nullable: bool, ondelete: str) -> sa.Column[str]:
    return sa.Column(
        name,
        sa.String(64),
        sa.ForeignKey("users.user_id", ondelete=ondelete),
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("email_key", sa.String(320), nullable=False, unique=True),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column(
            "athlete_id",
            sa.String(64),
            sa.ForeignKey("athletes.athlete_id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "login_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user("user_id", nullable=False, ondelete="CASCADE"),
        sa.Column("created", UtcDateTime(), nullable=False),
        sa.Column("expires", UtcDateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _user("user_id", nullable=False, ondelete="CASCADE"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created", UtcDateTime(), nullable=False),
        sa.Column("last_used", UtcDateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "squads",
        sa.Column("squad_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        _user("coach_user_id", nullable=False, ondelete="CASCADE"),
        sa.Column("created", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_squads_coach_user_id", "squads", ["coach_user_id"])
    op.create_table(
        "squad_members",
        sa.Column("membership_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "squad_id",
            sa.String(64),
            sa.ForeignKey("squads.squad_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "athlete_id",
            sa.String(64),
            sa.ForeignKey("athletes.athlete_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("joined", UtcDateTime(), nullable=False),
        sa.Column("left", UtcDateTime(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_squad_members_squad_athlete", "squad_members", ["squad_id", "athlete_id"])
    op.create_index("ix_squad_members_athlete_id", "squad_members", ["athlete_id"])
    op.create_table(
        "invitations",
        sa.Column("invitation_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "squad_id",
            sa.String(64),
            sa.ForeignKey("squads.squad_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created", UtcDateTime(), nullable=False),
        sa.Column("expires", UtcDateTime(), nullable=False),
        _user("accepted_by", nullable=True, ondelete="SET NULL"),
        sa.Column("accepted_at", UtcDateTime(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_invitations_squad_id", "invitations", ["squad_id"])
    op.create_table(
        "comments",
        sa.Column("comment_id", sa.Integer(), primary_key=True, autoincrement=True),
        _user("author_user_id", nullable=True, ondelete="SET NULL"),
        sa.Column(
            "athlete_id",
            sa.String(64),
            sa.ForeignKey("athletes.athlete_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("session_id", sa.String(64), nullable=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", UtcDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_comments_athlete_created", "comments", ["athlete_id", "created"])


def downgrade() -> None:
    for name in (
        "comments",
        "invitations",
        "squad_members",
        "squads",
        "api_tokens",
        "login_sessions",
        "users",
    ):
        op.drop_table(name)
