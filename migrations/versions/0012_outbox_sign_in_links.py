"""Sign-in links are issued when their email is sent: the outbox names the report whose link a message carries

The body keeps a placeholder instead of a link, so no usable token is stored with the email, and the link's validity
starts when the email leaves rather than when it was queued (a retry after a mail server outage used to carry a link
that had already expired). Messages queued before this change carry their link in the body and no report.

Revision ID: 0012_outbox_sign_in_links
Revises: 0011_allocate_permission
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_outbox_sign_in_links"
down_revision = "0011_allocate_permission"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_in_report_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_sign_in_report_id_report"),
            "report",
            ["sign_in_report_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_sign_in_report_id_report"), type_="foreignkey")
        batch_op.drop_column("sign_in_report_id")
