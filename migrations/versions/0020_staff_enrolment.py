"""Staff enrolment: single-use links by which a member of staff chooses their own password and sets up their
authenticator app, and what a pending staff session is for

Revision ID: 0020_staff_enrolment
Revises: 0019_hostile_input
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_staff_enrolment"
down_revision = "0019_hostile_input"
branch_labels = None
depends_on = None

LIVE = "used_at IS NULL AND revoked_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "staff_enrolment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_enrolment_link_staff_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_enrolment_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_enrolment_link_token_hash")),
    )
    op.create_index(op.f("ix_staff_enrolment_link_staff_id"), "staff_enrolment_link", ["staff_id"], unique=False)
    op.create_index(
        "ix_staff_enrolment_link_live",
        "staff_enrolment_link",
        ["staff_id"],
        unique=True,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=20), nullable=False, server_default="sign-in"))


def downgrade() -> None:
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    op.drop_index("ix_staff_enrolment_link_live", table_name="staff_enrolment_link")
    op.drop_index(op.f("ix_staff_enrolment_link_staff_id"), table_name="staff_enrolment_link")
    op.drop_table("staff_enrolment_link")
