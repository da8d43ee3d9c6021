"""The roles and what each may do. The database holds them (a force may adjust a role's permissions); these are the
defaults the first migration seeds and `flask --app portal staff sync-roles` restores.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.db import session
from portal.models.staff import Role, RolePermission
from portal.services.staff import permissions as p
from portal.services.staff import scope


@dataclass(frozen=True)
class RoleDefinition:
    code: str
    name: str
    description: str
    scope: str  # "wards", "borough" or "all"
    permissions: tuple[str, ...]


_REPORTS = (p.REPORTS_VIEW, p.REPORTS_TRIAGE, p.REPORTS_UPDATE)
# A supervisor's part in the personal data lifecycle: legal holds, erasure and restriction, subject access.
_RECORDS = (p.RECORDS_HOLD, p.RECORDS_ERASE, p.SUBJECT_ACCESS, p.RETENTION_VIEW, p.EVIDENCE_EXPORTED)

DEFAULT_ROLES: tuple[RoleDefinition, ...] = (
    RoleDefinition(
        "officer",
        "Officer",
        "A neighbourhood officer: reports in the wards they are scoped to, and reports assigned to them.",
        scope.SCOPE_WARDS,
        (p.SIGNED_IN, *_REPORTS, p.REPORTS_EXPORT, p.CONTENT_EDIT, p.EVIDENCE_EXPORTED),
    ),
    RoleDefinition(
        "supervisor",
        "Supervisor",
        "Supervises a borough: every report in it, assignment, export, ward content and the borough's audit log.",
        scope.SCOPE_BOROUGH,
        (p.SIGNED_IN, *_REPORTS, p.REPORTS_ASSIGN, p.REPORTS_ALLOCATE, p.REPORTS_EXPORT, p.CONTENT_EDIT, p.AUDIT_VIEW)
        + _RECORDS,
    ),
    RoleDefinition(
        "front_counter",
        "Front counter",
        "Front counter staff: look up and update any case in their borough for a visitor; no export.",
        scope.SCOPE_BOROUGH,
        (p.SIGNED_IN, p.REPORTS_VIEW, p.REPORTS_UPDATE),
    ),
    RoleDefinition(
        "admin",
        "Administrator",
        "Manages staff accounts and content, and can see everything.",
        scope.SCOPE_ALL,
        (
            p.SIGNED_IN,
            *_REPORTS,
            p.REPORTS_ASSIGN,
            p.REPORTS_ALLOCATE,
            p.REPORTS_EXPORT,
            p.CONTENT_EDIT,
            p.AUDIT_VIEW,
            p.ACCOUNTS_MANAGE,
            p.RECORDS_HOLD,
            p.RECORDS_ERASE,
            p.EVIDENCE_EXPORTED,
            p.RETENTION_VIEW,
            p.RETENTION_EDIT,
        ),
    ),
    RoleDefinition(
        "information_rights",
        "Information rights",
        "Answers subject access, erasure and restriction requests, reviews records the retention schedule flags, "
        "and alone can open restricted reports.",
        scope.SCOPE_ALL,
        (
            p.SIGNED_IN,
            p.REPORTS_VIEW,
            p.AUDIT_VIEW,
            p.RECORDS_HOLD,
            p.RECORDS_ERASE,
            p.RECORDS_RESTRICTED,
            p.RECORDS_REVIEW,
            p.SUBJECT_ACCESS,
            p.RETENTION_VIEW,
        ),
    ),
)

ROLE_CODES = tuple(role.code for role in DEFAULT_ROLES)


def ensure_roles() -> None:
    """Add any default role that is missing, leaving existing roles (and a force's changes to them) alone. Commits."""
    _apply(only_missing=True)


def sync_roles() -> None:
    """Make the role tables match DEFAULT_ROLES, undoing any local change (idempotent). Commits."""
    _apply(only_missing=False)


def _apply(*, only_missing: bool) -> None:
    existing = {role.code: role for role in session.scalars(select(Role))}
    for definition in DEFAULT_ROLES:
        if only_missing and definition.code in existing:
            continue
        role = existing.get(definition.code) or Role(code=definition.code)
        role.name, role.description, role.scope = definition.name, definition.description, definition.scope
        wanted = set(definition.permissions)
        role.permissions = [rp for rp in role.permissions if rp.permission in wanted] + [
            RolePermission(permission=code) for code in sorted(wanted - role.permission_codes)
        ]
        session.add(role)
    session.commit()


def all_roles() -> list[Role]:
    return list(session.scalars(select(Role).order_by(Role.name)))
