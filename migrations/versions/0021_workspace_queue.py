"""The officer's workspace queue: indexes for its orders (newest first, update due soonest) that also let the filter
counts count overdue reports from an index alone, and the reporter's name words and phone digits in report_identifier
for its search, filled in for the reports already there.

Revision ID: 0021_workspace_queue
Revises: 0020_staff_enrolment
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_workspace_queue"
down_revision = "0020_staff_enrolment"
branch_labels = None
depends_on = None

BATCH = 1000
DUE, UNDATED = "next_update_due IS NOT NULL", "next_update_due IS NULL"
# The partial indexes of the reports with a date carry what the filter counts group overdue reports by.
QUEUE_DUE = ["status", "next_update_due", "urgency", "submitted_at", "id", "report_type", "assigned_to_id"]
QUEUE_DUE += ["needs_attention", "ward_id"]
OVERDUE_UPDATE = ["ward_id", "status", "next_update_due", "report_type", "urgency", "assigned_to_id"]
OVERDUE_UPDATE += ["needs_attention", "id"]

report = sa.table(
    "report",
    sa.column("id", sa.Integer),
    sa.column("reporter_name", sa.String),
    sa.column("reporter_phone", sa.String),
)
report_identifier = sa.table(
    "report_identifier",
    sa.column("report_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("value", sa.String),
    sa.column("source", sa.String),
)


def upgrade() -> None:
    # ix_report_queue_received begins with the status, so it serves every lookup by status alone as well.
    op.drop_index("ix_report_status", table_name="report")
    op.create_index("ix_report_queue_received", "report", ["status", "submitted_at", "id"], unique=False)
    _partial("ix_report_queue_due", QUEUE_DUE)
    _partial("ix_report_queue_undated", ["status", "urgency", "submitted_at", "id"], UNDATED)
    op.drop_index("ix_report_overdue_update", table_name="report")
    _partial("ix_report_overdue_update", OVERDUE_UPDATE)
    _backfill_search_rows()


def _partial(name: str, columns: list[str], where: str = DUE) -> None:
    op.create_index(name, "report", columns, unique=False, sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def _backfill_search_rows() -> None:
    """The search-only rows of every report with a reporter's name or phone, written by the same function that
    writes them at submission (`flask --app portal oversight reindex` rebuilds every row the same way)."""
    from portal.services.oversight import identifiers

    connection = op.get_bind()
    last = 0
    while True:
        batch = connection.execute(
            sa.select(report.c.id, report.c.reporter_name, report.c.reporter_phone)
            .where(report.c.id > last)
            .where(sa.or_(report.c.reporter_name.is_not(None), report.c.reporter_phone.is_not(None)))
            .order_by(report.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        rows = [
            row
            for report_id, name, phone in batch
            for row in identifiers.rows_for(report_id, identifiers.search_only(name, phone))
        ]
        if rows:
            connection.execute(report_identifier.insert(), rows)
        last = batch[-1][0]


def downgrade() -> None:
    op.execute(report_identifier.delete().where(report_identifier.c.kind.in_(["name", "phone-digits"])))
    op.drop_index("ix_report_overdue_update", table_name="report")
    _partial("ix_report_overdue_update", ["ward_id", "status", "next_update_due"])
    op.drop_index("ix_report_queue_undated", table_name="report")
    op.drop_index("ix_report_queue_due", table_name="report")
    op.drop_index("ix_report_queue_received", table_name="report")
    op.create_index("ix_report_status", "report", ["status"], unique=False)
