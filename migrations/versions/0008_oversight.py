"""Oversight: links between reports, and the index of identifiers that suggests possible duplicates.

Revision ID: 0008_oversight
Revises: 0003_reports, 0004_staff
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_oversight"
down_revision = ("0003_reports", "0004_staff")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_identifier_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_identifier")),
    )
    with op.batch_alter_table("report_identifier", schema=None) as batch_op:
        batch_op.create_index("ix_report_identifier_kind_value", ["kind", "value"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_identifier_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("linked_report_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("report_id < linked_report_id", name=op.f("ck_report_link_ordered")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
            name=op.f("fk_report_link_created_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["linked_report_id"],
            ["report.id"],
            name=op.f("fk_report_link_linked_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_link_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_link")),
        sa.UniqueConstraint("report_id", "linked_report_id", name="uq_report_link_pair"),
    )
    with op.batch_alter_table("report_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_link_linked_report_id"), ["linked_report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_link_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_table("report_link")
    op.drop_table("report_identifier")
