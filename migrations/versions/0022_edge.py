"""public pages at the edge: the version of the public content, which every process compares with the pages it keeps

Revision ID: 0022_edge
Revises: 0019_hostile_input
Create Date: 2026-12-01
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0022_edge"
down_revision = "0019_hostile_input"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "public_content_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_content_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": secrets.token_hex(8), "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("public_content_version")
