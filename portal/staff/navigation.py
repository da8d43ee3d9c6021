"""The staff areas linked from the staff home page. Each area of the portal adds one line; a link shows only to
those who hold its permission."""

from __future__ import annotations

from flask import url_for

from portal.models.staff import StaffUser
from portal.services.staff import permissions as p

# (label, endpoint, permission)
AREAS: list[tuple[str, str, str]] = [
    ("Reports to triage", "cases.queue_page", p.REPORTS_VIEW),
    ("Find a case by reference", "cases.find_case", p.REPORTS_VIEW),
    ("Updates due to victims", "cases.updates", p.REPORTS_VIEW),
    ("Statistics", "oversight.statistics_page", p.REPORTS_VIEW),
    ("Ward content", "oversight.content_index", p.CONTENT_EDIT),
    ("Staff accounts", "staff.account_list", p.ACCOUNTS_MANAGE),
    ("Audit log", "staff.audit_log", p.AUDIT_VIEW),
    ("Information rights: subject access, holds, reviews, retention", "information_rights.index", p.RETENTION_VIEW),
]


def links_for(staff: StaffUser) -> list[dict[str, str]]:
    return [
        {"text": label, "href": url_for(endpoint)} for label, endpoint, permission in AREAS if staff.can(permission)
    ]
