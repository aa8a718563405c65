"""Private calendar feeds: the SHA-256 of each feed's secret token, whose plan it serves,
and when it was revoked.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from miler.store.models import UtcDateTime

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column(
            "athlete_id",
            sa.String(64),
            sa.ForeignKey("athletes.athlete_id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("created", UtcDateTime(), nullable=False),
        sa.Column("revoked", UtcDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("feeds")
