"""personal data lifecycle: the retention schedule as data, legal holds, reviews, restriction and anonymisation of
reports, evidence marked exported, subject access requests, and the information rights role

The schedule is seeded from portal/data/retention_schedule.toml as it is when this runs (the disposal job adds rules
the file gains later). Roles are data, so the new permissions are added to the existing roles only where they exist
and lack them; `flask --app portal staff sync-roles` restores every default. On PostgreSQL the audit log's
append-only trigger now lets the disposal job, and nothing else, delete records at least two years old.

Revision ID: 0015_retention
Revises: 0012_outbox_sign_in_links
Create Date: 2026-12-01
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0015_retention"
down_revision = "0013_job_runs"
branch_labels = None
depends_on = None

SCHEDULE = Path(__file__).resolve().parents[2] / "portal" / "data" / "retention_schedule.toml"
RETENTION_PENDING = "closed_at IS NOT NULL AND anonymised_at IS NULL"

# Permissions added to the existing roles, and the new role (as portal/services/staff/roles.py defines them now).
GRANTS = {
    "officer": ("evidence.mark_exported",),
    "supervisor": (
        "records.hold",
        "records.erase",
        "records.subject_access",
        "retention.view",
        "evidence.mark_exported",
    ),
    "admin": ("records.hold", "records.erase", "evidence.mark_exported", "retention.view", "retention.edit"),
}
NEW_ROLE = {
    "code": "information_rights",
    "name": "Information rights",
    "description": "Answers subject access, erasure and restriction requests, reviews records the retention schedule "
    "flags, and alone can open restricted reports.",
    "scope": "all",
}
NEW_ROLE_PERMISSIONS = (
    "staff.signed_in",
    "reports.view",
    "audit.view",
    "records.hold",
    "records.erase",
    "records.restricted",
    "records.review",
    "records.subject_access",
    "retention.view",
)

_AUDIT_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('portal.audit_disposal', true) = 'on'
       AND OLD.occurred_at < now() - interval '2 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
_AUDIT_FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""

role = sa.table(
    "role", sa.column("code", sa.String), *(sa.column(c, sa.String) for c in ("name", "description", "scope"))
)
role_permission = sa.table("role_permission", sa.column("role_code", sa.String), sa.column("permission", sa.String))


def upgrade() -> None:
    _report_and_evidence_columns()
    rules = _tables()
    _seed_schedule(rules)
    _roles()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_AUDIT_FUNCTION)


def _report_and_evidence_columns() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("restricted", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retention_restarted_at", sa.DateTime(timezone=True), nullable=True))
    for name, column, where in (
        ("ix_report_restricted", "id", {"sqlite": "restricted = 1", "postgresql": "restricted = true"}),
        ("ix_report_retention_closed", "closed_at", dict.fromkeys(("sqlite", "postgresql"), RETENTION_PENDING)),
        (
            "ix_report_retention_restarted",
            "retention_restarted_at",
            dict.fromkeys(("sqlite", "postgresql"), "retention_restarted_at IS NOT NULL"),
        ),
    ):
        op.create_index(
            name,
            "report",
            [column],
            unique=False,
            sqlite_where=sa.text(where["sqlite"]),
            postgresql_where=sa.text(where["postgresql"]),
        )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("exported_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_evidence_exported_at"), ["exported_at"], unique=False)
    op.create_index(
        "ix_outbox_message_sign_in_report",
        "outbox_message",
        ["sign_in_report_id"],
        unique=False,
        sqlite_where=sa.text("sign_in_report_id IS NOT NULL"),
        postgresql_where=sa.text("sign_in_report_id IS NOT NULL"),
    )


def _staff_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["staff_user.id"], name=op.f(f"fk_{table}_{column}_staff_user"), ondelete="SET NULL"
    )


def _tables() -> sa.Table:
    rules = op.create_table(
        "retention_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("record_kind", sa.String(length=30), nullable=False),
        sa.Column("report_type", sa.String(length=40), nullable=False),
        sa.Column("outcomes", sa.String(length=300), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("period_value", sa.Integer(), nullable=False),
        sa.Column("period_unit", sa.String(length=10), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        _staff_fk("retention_rule", "updated_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_retention_rule_code")),
    )
    op.create_table(
        "legal_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by_id", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_legal_hold_report_id_report"), ondelete="CASCADE"
        ),
        _staff_fk("legal_hold", "placed_by_id"),
        _staff_fk("legal_hold", "lifted_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    op.create_index(op.f("ix_legal_hold_report_id"), "legal_hold", ["report_id"], unique=False)
    op.create_index(
        "ix_legal_hold_active",
        "legal_hold",
        ["report_id"],
        unique=False,
        sqlite_where=sa.text("lifted_at IS NULL"),
        postgresql_where=sa.text("lifted_at IS NULL"),
    )
    op.create_table(
        "retention_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sa.String(length=60), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_retention_review_report_id_report"), ondelete="CASCADE"
        ),
        _staff_fk("retention_review", "decided_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_review")),
    )
    op.create_index(op.f("ix_retention_review_report_id"), "retention_review", ["report_id"], unique=False)
    op.create_table(
        "subject_access_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        _staff_fk("subject_access_request", "created_by_id"),
        _staff_fk("subject_access_request", "completed_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_request")),
    )
    return rules


def _seed_schedule(rules: sa.Table) -> None:
    with SCHEDULE.open("rb") as handle:
        entries = tomllib.load(handle)["rule"]
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    rows = []
    for order, entry in enumerate(entries, start=1):
        value, unit = entry["period"]
        rows.append(
            {
                "code": entry["code"],
                "record_kind": entry["record_kind"],
                "report_type": entry.get("report_type", ""),
                "outcomes": ", ".join(p.strip() for p in entry.get("outcomes", "").split(",") if p.strip()),
                "trigger": entry["trigger"],
                "period_value": int(value),
                "period_unit": unit,
                "action": entry["action"],
                "description": " ".join(entry["description"].split()),
                "source": " ".join(entry["source"].split()),
                "sort_order": order * 10,
                "updated_at": now,
            }
        )
    op.bulk_insert(rules, rows)


def _roles() -> None:
    connection = op.get_bind()
    present = set(connection.scalars(sa.select(role.c.code)))
    held = set(connection.execute(sa.select(role_permission.c.role_code, role_permission.c.permission)).tuples())
    rows = [
        {"role_code": code, "permission": permission}
        for code, permissions in GRANTS.items()
        if code in present
        for permission in permissions
        if (code, permission) not in held
    ]
    if NEW_ROLE["code"] not in present:
        op.bulk_insert(role, [NEW_ROLE])
        rows += [{"role_code": NEW_ROLE["code"], "permission": p} for p in NEW_ROLE_PERMISSIONS]
    if rows:
        op.bulk_insert(role_permission, rows)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_AUDIT_FUNCTION_BEFORE)
    granted = {p for permissions in GRANTS.values() for p in permissions} | set(NEW_ROLE_PERMISSIONS)
    new_only = granted - {"staff.signed_in", "reports.view", "audit.view"}
    op.execute(role_permission.delete().where(role_permission.c.role_code == NEW_ROLE["code"]))
    op.execute(role_permission.delete().where(role_permission.c.permission.in_(sorted(new_only))))
    op.execute(role.delete().where(role.c.code == NEW_ROLE["code"]))
    op.drop_table("subject_access_request")
    op.drop_index(op.f("ix_retention_review_report_id"), table_name="retention_review")
    op.drop_table("retention_review")
    op.drop_index("ix_legal_hold_active", table_name="legal_hold")
    op.drop_index(op.f("ix_legal_hold_report_id"), table_name="legal_hold")
    op.drop_table("legal_hold")
    op.drop_table("retention_rule")
    op.drop_index("ix_outbox_message_sign_in_report", table_name="outbox_message")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_exported_at"))
        batch_op.drop_column("exported_by_id")
        batch_op.drop_column("exported_at")
    for name in ("ix_report_retention_restarted", "ix_report_retention_closed", "ix_report_restricted"):
        op.drop_index(name, table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("retention_restarted_at")
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("restricted")
