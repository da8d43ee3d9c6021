"""victim case tracking: single-use sign-in tokens and case sessions

Revision ID: 0007_tracking
Revises: 0003_reports, 0004_staff
Create Date: 2026-11-26 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_tracking"
down_revision = ("0003_reports", "0004_staff")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "track_sign_in_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_track_sign_in_token_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_sign_in_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_track_sign_in_token_token_hash")),
    )
    op.create_index(op.f("ix_track_sign_in_token_report_id"), "track_sign_in_token", ["report_id"], unique=False)
    op.create_table(
        "track_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_track_session_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_track_session_token_hash")),
    )
    op.create_index(op.f("ix_track_session_report_id"), "track_session", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_track_session_report_id"), table_name="track_session")
    op.drop_table("track_session")
    op.drop_index(op.f("ix_track_sign_in_token_report_id"), table_name="track_sign_in_token")
    op.drop_table("track_sign_in_token")
