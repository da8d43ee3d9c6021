"""report_count: the triage queue's filter counts, kept as they change rather than counted on every page, with the
indexes its date and officer counts read (portal/models/report_count.py explains the design)

The counts are filled from the existing reports here. ix_report_queue_counts, which the counts used to scan, goes;
"update overdue" is counted and listed from partial indexes of the reports whose clock is running, and "assigned to
me" is counted from an index of an officer's cases by status.

Revision ID: 0010_report_counts
Revises: 0009_merge_areas
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_report_counts"
down_revision = "0009_merge_areas"
branch_labels = None
depends_on = None

SHARDS = 16  # portal.models.report_count.SHARDS when this revision was written
KEY = ["level", "area", "status", "report_type", "urgency", "unassigned", "needs_attention"]

report = sa.table(
    "report",
    sa.column("ward_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("report_type", sa.String),
    sa.column("urgency", sa.Integer),
    sa.column("assigned_to_id", sa.Integer),
    sa.column("needs_attention", sa.Boolean),
)


def upgrade() -> None:
    report_count = op.create_table(
        "report_count",
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("area", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("report_type", sa.String(length=40), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("unassigned", sa.Boolean(), nullable=False),
        sa.Column("needs_attention", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_report_count")),
        sqlite_with_rowid=False,
    )
    _backfill(report_count)

    op.drop_index("ix_report_queue_counts", table_name="report")
    op.drop_index("ix_report_assigned_to_id", table_name="report")
    op.create_index("ix_report_assigned", "report", ["assigned_to_id", "status"], unique=False)
    for name, columns, where in (
        ("ix_report_overdue_update", ["ward_id", "status", "next_update_due"], "next_update_due IS NOT NULL"),
        ("ix_report_overdue_notify", ["ward_id", "status", "notify_by", "next_update_due"], "notify_by IS NOT NULL"),
        (
            "ix_report_queue_clock",
            ["status", "urgency", "submitted_at", "id", "next_update_due", "notify_by"],
            "next_update_due IS NOT NULL OR notify_by IS NOT NULL",
        ),
    ):
        op.create_index(
            name,
            "report",
            columns,
            unique=False,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def _backfill(report_count: sa.Table) -> None:
    ward = sa.func.coalesce(report.c.ward_id, 0)
    unassigned = report.c.assigned_to_id.is_(None)
    detail = (report.c.status, report.c.report_type, report.c.urgency, unassigned, report.c.needs_attention)
    blank = (sa.literal_column("''"), sa.literal_column("0"), sa.false(), sa.false())
    for level, area, grouped, constant in (
        ("ward", ward, detail, ()),
        ("total", ward, (report.c.status,), blank),
        ("force", ward % SHARDS, detail, ()),
    ):
        query = sa.select(sa.literal_column(f"'{level}'"), area, *grouped, *constant, sa.func.count())
        op.execute(report_count.insert().from_select([*KEY, "n"], query.group_by(area, *grouped)))


def downgrade() -> None:
    op.drop_index("ix_report_queue_clock", table_name="report")
    op.drop_index("ix_report_overdue_notify", table_name="report")
    op.drop_index("ix_report_overdue_update", table_name="report")
    op.drop_index("ix_report_assigned", table_name="report")
    op.create_index("ix_report_assigned_to_id", "report", ["assigned_to_id"], unique=False)
    op.create_index(
        "ix_report_queue_counts",
        "report",
        ["ward_id", "status", "report_type", "assigned_to_id", "needs_attention", "next_update_due", "notify_by"],
        unique=False,
    )
    op.drop_table("report_count")
