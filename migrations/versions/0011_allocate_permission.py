"""reports.allocate: supervisors and administrators see reports with no known ward and allocate them to a ward

Roles are data (a force may have changed them), so this only adds the permission to the supervisor and admin roles
where they exist and lack it; `flask --app portal staff sync-roles` restores every default.

Revision ID: 0011_allocate_permission
Revises: 0010_report_counts
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_allocate_permission"
down_revision = "0010_report_counts"
branch_labels = None
depends_on = None

PERMISSION = "reports.allocate"
ROLES = ("supervisor", "admin")

role = sa.table("role", sa.column("code", sa.String))
role_permission = sa.table("role_permission", sa.column("role_code", sa.String), sa.column("permission", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    present = set(connection.scalars(sa.select(role.c.code).where(role.c.code.in_(ROLES))))
    granted = set(
        connection.scalars(sa.select(role_permission.c.role_code).where(role_permission.c.permission == PERMISSION))
    )
    rows = [{"role_code": code, "permission": PERMISSION} for code in sorted(present - granted)]
    if rows:
        op.bulk_insert(role_permission, rows)


def downgrade() -> None:
    op.execute(role_permission.delete().where(role_permission.c.permission == PERMISSION))
