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


# SQLite refuses UPDATE and DELETE on the audit log too, from any client, as PostgreSQL's trigger (0004) does
# (security check 30). Test teardown drops and re-creates them around emptying the table, as it TRUNCATEs on
# PostgreSQL; the portal itself never changes an audit record.
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
)


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.Integer(), type_=sa.BigInteger())
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.BigInteger(), type_=sa.Integer())
