"""scheduled jobs: when each last ran and is next due, so several machines' timers run each job once

Revision ID: 0013_job_runs
Revises: 0012_outbox_sign_in_links
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_job_runs"
down_revision = "0012_outbox_sign_in_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_run",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(length=20), nullable=True),
        sa.Column("last_summary", sa.String(length=500), nullable=True),
        sa.Column("last_host", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_run")),
    )


def downgrade() -> None:
    op.drop_table("job_run")
