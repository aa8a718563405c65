"""The training log's first tables: athletes, results, plans, runs and their originals.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from miler.store.models import UtcDateTime

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "athletes",
        sa.Column("athlete_id", sa.String(64), primary_key=True),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("created", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("revision", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.String(64), nullable=False, index=True),
        sa.Column("parent_revision", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created", UtcDateTime(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("athlete_id", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("sport", sa.String(32), nullable=False),
        sa.Column("start", UtcDateTime(), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("device", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("imported", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("athlete_id", "content_hash"),
        sqlite_autoincrement=True,  # a deleted run's id is never given to another
    )
    op.create_index("ix_runs_athlete_start", "runs", ["athlete_id", "start"])
    op.create_table(
        "run_originals",
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "results",
        sa.Column("result_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "athlete_id",
            sa.String(64),
            sa.ForeignKey("athletes.athlete_id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("time_s", sa.Float(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("tag", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.UniqueConstraint("athlete_id", "distance_m", "time_s", "date", "tag", "run_id"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("results")
    op.drop_table("run_originals")
    op.drop_index("ix_runs_athlete_start", table_name="runs")
    op.drop_table("runs")
    op.drop_table("plans")
    op.drop_table("athletes")
