"""The staff areas linked from the staff home page. Each area of the portal adds one line; a link shows only when
its page exists in this deployment and the person holds its permission."""

from __future__ import annotations

from flask import current_app, url_for

from portal.models.staff import StaffUser
from portal.services.staff import permissions as p

# (label, endpoint, permission)
AREAS: list[tuple[str, str, str]] = [
    ("Reports to triage", "cases.queue_page", p.REPORTS_VIEW),
    ("Find a case by reference", "staff.find_case", p.REPORTS_VIEW),
    ("Updates due to victims", "cases.updates", p.REPORTS_VIEW),
    ("Statistics", "staff.statistics_page", p.REPORTS_VIEW),
    ("Ward content", "staff.content_index", p.CONTENT_EDIT),
    ("Staff accounts", "staff.account_list", p.ACCOUNTS_MANAGE),
    ("Audit log", "staff.audit_log", p.AUDIT_VIEW),
]


def links_for(staff: StaffUser) -> list[dict[str, str]]:
    return [
        {"text": label, "href": url_for(endpoint)}
        for label, endpoint, permission in AREAS
        if endpoint in current_app.view_functions and staff.can(permission)
    ]
