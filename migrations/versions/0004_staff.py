"""staff accounts, roles, scope, server-side sessions and the append-only audit log

Revision ID: 0004_staff
Revises: 0001_wards
Create Date: 2026-11-26 04:17:07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_staff"
down_revision = "0001_wards"
branch_labels = None
depends_on = None

# The roles as they were first defined (portal/services/staff/roles.py holds the current defaults, and
# `flask --app portal staff sync-roles` brings a database up to them).
_ROLES = {
    "officer": (
        "Officer",
        "A neighbourhood officer: reports in the wards they are scoped to, and reports assigned to them.",
        "wards",
        ("staff.signed_in", "reports.view", "reports.triage", "reports.update", "reports.export", "content.edit"),
    ),
    "supervisor": (
        "Supervisor",
        "Supervises a borough: every report in it, assignment, export, ward content and the borough's audit log.",
        "borough",
        (
            "staff.signed_in",
            "reports.view",
            "reports.triage",
            "reports.update",
            "reports.assign",
            "reports.export",
            "content.edit",
            "audit.view",
        ),
    ),
    "front_counter": (
        "Front counter",
        "Front counter staff: look up and update any case in their borough for a visitor; no export.",
        "borough",
        ("staff.signed_in", "reports.view", "reports.update"),
    ),
    "admin": (
        "Administrator",
        "Manages staff accounts and content, and can see everything.",
        "all",
        (
            "staff.signed_in",
            "reports.view",
            "reports.triage",
            "reports.update",
            "reports.assign",
            "reports.export",
            "content.edit",
            "audit.view",
            "accounts.manage",
        ),
    ),
}

# PostgreSQL refuses any UPDATE or DELETE on the audit log, whoever sends it (security check 30). TRUNCATE is left to
# the database owner for test teardown; the portal never issues it.
_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
_APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
"""


def upgrade() -> None:
    role = op.create_table(
        "role",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_role")),
    )
    role_permission = op.create_table(
        "role_permission",
        sa.Column("role_code", sa.String(length=40), nullable=False),
        sa.Column("permission", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_code"], ["role.code"], name=op.f("fk_role_permission_role_code_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("role_code", "permission", name=op.f("pk_role_permission")),
    )
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role_code", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("totp_secret", sa.String(length=64), nullable=False),
        sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["role_code"], ["role.code"], name=op.f("fk_staff_user_role_code_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_user_email")),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_role_code"), ["role_code"], unique=False)

    op.create_table(
        "staff_ward",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name=op.f("fk_staff_ward_staff_id_staff_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_staff_ward_ward_id_ward")),
        sa.PrimaryKeyConstraint("staff_id", "ward_id", name=op.f("pk_staff_ward")),
    )
    op.create_table(
        "staff_borough",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("borough_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["borough_id"], ["borough.id"], name=op.f("fk_staff_borough_borough_id_borough")),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name=op.f("fk_staff_borough_staff_id_staff_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("staff_id", "borough_id", name=op.f("pk_staff_borough")),
    )
    op.create_table(
        "staff_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mfa_completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_codes", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name=op.f("fk_staff_session_staff_id_staff_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_session_token_hash")),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_session_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("client_address", sa.String(length=45), nullable=True),
        sa.Column("borough_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["staff_user.id"], name=op.f("fk_audit_event_actor_id_staff_user")),
        sa.ForeignKeyConstraint(["borough_id"], ["borough.id"], name=op.f("fk_audit_event_borough_id_borough")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_borough_id"), ["borough_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_occurred_at"), ["occurred_at"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY_FUNCTION)
        op.execute(_APPEND_ONLY_TRIGGER)

    op.bulk_insert(
        role,
        [
            {"code": code, "name": name, "description": description, "scope": scope}
            for code, (name, description, scope, _permissions) in _ROLES.items()
        ],
    )
    op.bulk_insert(
        role_permission,
        [
            {"role_code": code, "permission": permission}
            for code, (_name, _description, _scope, permissions) in _ROLES.items()
            for permission in permissions
        ],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_borough_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))
    op.drop_table("audit_event")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_session_staff_id"))
    op.drop_table("staff_session")
    op.drop_table("staff_borough")
    op.drop_table("staff_ward")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_role_code"))
    op.drop_table("staff_user")
    op.drop_table("role_permission")
    op.drop_table("role")
