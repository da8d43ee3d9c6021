"""triage: case handling columns on report (grading, assignment, outcome, Victims' Code clock, attention flag),
THRIVE gradings, and the indexes that keep the triage queue fast at a million reports

Revision ID: 0006_triage
Revises: 0003_reports, 0004_staff
Create Date: 2026-11-26 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_triage"
down_revision = ("0003_reports", "0004_staff")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("urgency", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("grading", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("vulnerable", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("enhanced_rights", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("triaged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("update_interval_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("last_public_update_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("next_update_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("notify_by", sa.Date(), nullable=True))
        batch.add_column(sa.Column("needs_attention", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("attention_reason", sa.String(length=200), nullable=True))
        batch.create_foreign_key(op.f("fk_report_assigned_to_id_staff_user"), "staff_user", ["assigned_to_id"], ["id"])
        batch.create_index(batch.f("ix_report_assigned_to_id"), ["assigned_to_id"], unique=False)
        batch.create_index(batch.f("ix_report_next_update_due"), ["next_update_due"], unique=False)
        batch.create_index(batch.f("ix_report_needs_attention"), ["needs_attention"], unique=False)
        batch.create_index("ix_report_queue_ward", ["ward_id", "status", "urgency", "submitted_at", "id"], unique=False)
        batch.create_index("ix_report_queue_status", ["status", "urgency", "submitted_at", "id"], unique=False)
        batch.create_index(
            "ix_report_queue_counts",
            [
                "ward_id",
                "status",
                "report_type",
                "assigned_to_id",
                "needs_attention",
                "next_update_due",
                "notify_by",
            ],
            unique=False,
        )

    op.create_table(
        "case_triage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("graded_by_id", sa.Integer(), nullable=True),
        sa.Column("threat", sa.String(length=20), nullable=False),
        sa.Column("threat_note", sa.Text(), nullable=True),
        sa.Column("harm", sa.String(length=20), nullable=False),
        sa.Column("harm_note", sa.Text(), nullable=True),
        sa.Column("risk", sa.String(length=20), nullable=False),
        sa.Column("risk_note", sa.Text(), nullable=True),
        sa.Column("investigation", sa.String(length=20), nullable=False),
        sa.Column("investigation_note", sa.Text(), nullable=True),
        sa.Column("vulnerability", sa.String(length=20), nullable=False),
        sa.Column("vulnerability_note", sa.Text(), nullable=True),
        sa.Column("engagement", sa.String(length=20), nullable=False),
        sa.Column("engagement_note", sa.Text(), nullable=True),
        sa.Column("grading", sa.String(length=30), nullable=False),
        sa.Column("enhanced_rights", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["graded_by_id"], ["staff_user.id"], name=op.f("fk_case_triage_graded_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_case_triage_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_triage")),
    )
    op.create_index(op.f("ix_case_triage_report_id"), "case_triage", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_triage_report_id"), table_name="case_triage")
    op.drop_table("case_triage")
    with op.batch_alter_table("report") as batch:
        batch.drop_index("ix_report_queue_counts")
        batch.drop_index("ix_report_queue_status")
        batch.drop_index("ix_report_queue_ward")
        batch.drop_index(batch.f("ix_report_needs_attention"))
        batch.drop_index(batch.f("ix_report_next_update_due"))
        batch.drop_index(batch.f("ix_report_assigned_to_id"))
        batch.drop_constraint(batch.f("fk_report_assigned_to_id_staff_user"), type_="foreignkey")
        for column in (
            "attention_reason",
            "needs_attention",
            "notify_by",
            "next_update_due",
            "last_public_update_at",
            "update_interval_days",
            "closed_at",
            "outcome",
            "assigned_at",
            "assigned_to_id",
            "triaged_at",
            "enhanced_rights",
            "vulnerable",
            "grading",
            "urgency",
        ):
            batch.drop_column(column)
