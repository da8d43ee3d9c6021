"""checked answers: what check your answers found when it last showed every answer valid, kept with the draft so
submission need not check every answer again while nothing has changed

Revision ID: 0023_checked_answers
Revises: 0022_edge
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_checked_answers"
down_revision = "0022_edge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_draft") as batch:
        batch.add_column(sa.Column("checked", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_draft") as batch:
        batch.drop_column("checked")
