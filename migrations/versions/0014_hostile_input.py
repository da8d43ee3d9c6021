"""Hostile input and account abuse: amounts as 64-bit pence, sign-in back-off, enrolment links, encrypted TOTP
secrets, links issued by the outbox, append-only audit on SQLite, upload budgets and months without crime figures

Revision ID: 0014_hostile_input
Revises: 0012_outbox_sign_in_links
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_hostile_input"
down_revision = "0012_outbox_sign_in_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.Integer(), type_=sa.BigInteger())


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.BigInteger(), type_=sa.Integer())
