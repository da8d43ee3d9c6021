"""evidence files attached to drafts and reports

Revision ID: 0005_evidence
Revises: 0003_reports
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_evidence"
down_revision = "0003_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("scan_status", sa.String(length=20), nullable=False),
        sa.Column("scan_detail", sa.String(length=200), nullable=True),
        sa.Column("quarantined", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("preview_key", sa.String(length=64), nullable=True),
        sa.Column("preview_mime", sa.String(length=30), nullable=True),
        sa.CheckConstraint("draft_id IS NOT NULL OR report_id IS NOT NULL", name=op.f("ck_evidence_has_owner")),
        sa.ForeignKeyConstraint(["draft_id"], ["report_draft.id"], name=op.f("fk_evidence_draft_id_report_draft")),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], name=op.f("fk_evidence_report_id_report")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_evidence_storage_key")),
    )
    op.create_index(op.f("ix_evidence_draft_id"), "evidence", ["draft_id"], unique=False)
    op.create_index(op.f("ix_evidence_report_id"), "evidence", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_report_id"), table_name="evidence")
    op.drop_index(op.f("ix_evidence_draft_id"), table_name="evidence")
    op.drop_table("evidence")
