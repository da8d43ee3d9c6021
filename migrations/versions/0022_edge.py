"""public pages at the edge: the version of the public content, which every process compares with the pages it keeps,
and the public pages rendered under it, shared by every process

Revision ID: 0022_edge
Revises: 0021_workspace_queue
Create Date: 2026-12-01
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0022_edge"
down_revision = "0021_workspace_queue"
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
    op.create_table(
        "rendered_page",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rendered_page")),
    )


def downgrade() -> None:
    op.drop_table("rendered_page")
    op.drop_table("public_content_version")
