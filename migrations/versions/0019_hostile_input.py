"""Hostile input and account abuse: amounts as 64-bit pence, sign-in back-off, enrolment links, encrypted TOTP
secrets, links issued by the outbox, append-only audit on SQLite, upload budgets and months without crime figures

Revision ID: 0019_hostile_input
Revises: 0018_digital_101
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_hostile_input"
down_revision = "0018_digital_101"
branch_labels = None
depends_on = None


# SQLite refuses UPDATE and DELETE on the audit log too, from any client, as PostgreSQL's trigger (0004, 0015) does
# (security check 30). The one exception is the same as PostgreSQL's: the retention schedule's disposal job may delete
# records at least two years old, and only a portal connection that says it is the job can (portal/db.py gives
# portal connections the function `portal_audit_disposal()`; any other client has no such function, so its DELETE
# fails). Test teardown drops and re-creates the triggers around emptying the table, as it TRUNCATEs on PostgreSQL.
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "WHEN NOT (portal_audit_disposal() AND OLD.occurred_at < datetime('now', '-730 days')) "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
)


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.Integer(), type_=sa.BigInteger())
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)
    _outbox_links_and_blanking()
    # Secrets are sealed by `flask --app portal staff rotate-totp-key` (the key is not the migration's to know);
    # until then a secret with no key id is read as stored.
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=200))
        batch_op.add_column(sa.Column("totp_key_id", sa.String(length=40), nullable=True))
        # The account-wide lock-out these held let anyone keep an officer locked out; back-off replaces it.
        batch_op.drop_column("failed_sign_ins")
        batch_op.drop_column("locked_until")
    op.create_table(
        "sign_in_backoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_backoff")),
        sa.UniqueConstraint("account_key", "client", name="account_client"),
    )
    op.create_index(op.f("ix_sign_in_backoff_account_key"), "sign_in_backoff", ["account_key"], unique=False)
    op.create_table(
        "upload_allowance",
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("client_key", "day", name=op.f("pk_upload_allowance")),
    )
    op.create_table(
        "crime_month_without_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_crime_month_without_figures_ward_id_ward")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crime_month_without_figures")),
        sa.UniqueConstraint("ward_id", "month", name="ward_month"),
    )
    op.create_index(
        op.f("ix_crime_month_without_figures_ward_id"), "crime_month_without_figures", ["ward_id"], unique=False
    )
    with op.batch_alter_table("report_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resume_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_report_draft_resume_token_hash"), ["resume_token_hash"])


def _outbox_links_and_blanking() -> None:
    """Any kind of link issued at send time (sign-in links were the only kind), and sent messages' addresses kept as
    digests. A sign-in link queued before this keeps its report as the row its link is for."""
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("link_for_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_to_hash"), ["to_hash"], unique=False)
    op.execute(
        "UPDATE outbox_message SET link_kind = 'track-sign-in', link_for_id = sign_in_report_id "
        "WHERE sign_in_report_id IS NOT NULL"
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_sign_in_report")
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_sign_in_report_id_report"), type_="foreignkey")
        batch_op.drop_column("sign_in_report_id")
        batch_op.create_index(
            "ix_outbox_message_link",
            ["link_kind", "link_for_id"],
            unique=False,
            sqlite_where=sa.text("link_for_id IS NOT NULL"),
            postgresql_where=sa.text("link_for_id IS NOT NULL"),
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_crime_month_without_figures_ward_id"), table_name="crime_month_without_figures")
    op.drop_table("crime_month_without_figures")
    op.drop_table("upload_allowance")
    op.drop_index(op.f("ix_sign_in_backoff_account_key"), table_name="sign_in_backoff")
    op.drop_table("sign_in_backoff")
    # totp_secret stays 200 characters wide: a sealed secret does not fit back into 64, and only the key (which the
    # migration does not have) could open it. Secrets sealed by then need resetting after a downgrade.
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column("totp_key_id")
    with op.batch_alter_table("report_draft", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_report_draft_resume_token_hash"), type_="unique")
        batch_op.drop_column("resume_token_hash")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_link")
        batch_op.add_column(sa.Column("sign_in_report_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_sign_in_report_id_report"),
            "report",
            ["sign_in_report_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.execute("UPDATE outbox_message SET sign_in_report_id = link_for_id WHERE link_kind = 'track-sign-in'")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_message_sign_in_report",
            ["sign_in_report_id"],
            unique=False,
            sqlite_where=sa.text("sign_in_report_id IS NOT NULL"),
            postgresql_where=sa.text("sign_in_report_id IS NOT NULL"),
        )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_to_hash"))
        batch_op.drop_column("to_hash")
        batch_op.drop_column("link_for_id")
        batch_op.drop_column("link_kind")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("amount_lost_pence", existing_type=sa.BigInteger(), type_=sa.Integer())
