"""What a member of staff may do (security check 8): permission codes, held by roles as data (portal/services/staff/
roles.py), and the one check every staff page goes through, which also keeps the audit log of pages viewed and
access refused (check 30). The web layer's `requires(PERMISSION)` decorator calls `authorise()`."""

from __future__ import annotations

from portal.models.staff import StaffUser
from portal.services.staff import audit

# Permission codes (rows in role_permission).
SIGNED_IN = "staff.signed_in"
REPORTS_VIEW = "reports.view"
REPORTS_TRIAGE = "reports.triage"
REPORTS_UPDATE = "reports.update"
REPORTS_ASSIGN = "reports.assign"
REPORTS_EXPORT = "reports.export"
# Reports whose reporter did not know the ward ("I don't know" on the where step): see them, and allocate each to a
# ward in one's own scope so that ward's officers see it.
REPORTS_ALLOCATE = "reports.allocate"
CONTENT_EDIT = "content.edit"
AUDIT_VIEW = "audit.view"
ACCOUNTS_MANAGE = "accounts.manage"
# The personal data lifecycle (portal/services/retention/, docs/retention.md).
RECORDS_HOLD = "records.hold"  # place or lift a legal hold on a report
RECORDS_ERASE = "records.erase"  # erase a report made in error or maliciously, or restrict it
RECORDS_RESTRICTED = "records.restricted"  # open restricted reports and lift a restriction (information rights)
RECORDS_REVIEW = "records.review"  # decide the reviews the retention schedule asks for
SUBJECT_ACCESS = "records.subject_access"  # run subject access requests and download their bundles
RETENTION_VIEW = "retention.view"  # read the retention schedule and the information rights pages
RETENTION_EDIT = "retention.edit"  # change the retention schedule
EVIDENCE_EXPORTED = "evidence.mark_exported"  # mark a file as copied into the force's evidence system


def authorise(staff: StaffUser, permission: str, page: str, viewed: str | None = None) -> bool:
    """Whether `staff` holds `permission` for `page` (a URL rule). A refusal is audited; so is the view of a page
    when `viewed` names what was looked at (the identifiers in its URL, or "" for a page without any)."""
    if not staff.can(permission):
        audit.record(staff, "access.refused", "page", page, detail=permission)
        return False
    if viewed is not None:
        audit.record(staff, "page.viewed", "page", page, detail=viewed or None)
    return True
