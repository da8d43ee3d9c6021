"""The staff areas: the list on the staff home page and the navigation in the header of every staff page. Each area
of the portal adds one line to AREAS, and its short name to NAVIGATION to appear in the header; a link shows only to
those who hold the permission its page requires."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from portal.models.staff import StaffUser
from portal.services.staff import permissions as p
from portal.services.staff.scope import scope_description

# (label, endpoint, permission): the permission is the one its page requires (a test holds them equal).
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
# The shorter names the staff navigation uses, in its order (the home page keeps the longer ones).
NAVIGATION: dict[str, str] = {
    "cases.queue_page": "Queue",
    "cases.updates": "Updates due",
    "cases.find_case": "Find a case",
    "oversight.statistics_page": "Statistics",
    "oversight.content_index": "Ward content",
    "staff.account_list": "Accounts",
    "staff.audit_log": "Audit log",
    "information_rights.index": "Information rights",
}
# Staff pages that belong to an area without being under its URL: a report's pages belong to the queue.
BELONGS_TO = (("/staff/reports/", "cases.queue_page"),)
# More places than this in the header are summed up ("West End, Soho and 3 more").
SCOPE_NAMES_SHOWN = 2


def links_for(staff: StaffUser) -> list[dict[str, str]]:
    return [
        {"text": label, "href": url_for(endpoint)} for label, endpoint, permission in AREAS if staff.can(permission)
    ]


def staff_header() -> dict[str, object] | None:
    """Who is signed in, their role and scope, and the areas they may use, for the staff layout's header; None
    before signing in (the sign-in pages show the header without them)."""
    if not current_user.is_authenticated:
        return None
    return {
        "name": current_user.name,
        "role": current_user.role.name,
        "scope": _scope_summary(scope_description(current_user)),
        "navigation": _navigation(current_user, request.path),
    }


def _navigation(staff: StaffUser, path: str) -> list[dict[str, object]]:
    current = next((endpoint for prefix, endpoint in BELONGS_TO if path.startswith(prefix)), None)
    permission_of = {endpoint: permission for _label, endpoint, permission in AREAS}
    items = []
    for endpoint, text in NAVIGATION.items():
        if staff.can(permission_of[endpoint]):
            href = url_for(endpoint)
            active = endpoint == current or path == href or path.startswith(href.rstrip("/") + "/")
            items.append({"text": text, "href": href, "active": active})
    return items


def _scope_summary(names: list[str]) -> str:
    # Each name may hold a comma ("West End, Westminster"): names are separated by semicolons.
    if len(names) <= SCOPE_NAMES_SHOWN:
        return "; ".join(names)
    shown = "; ".join(names[:SCOPE_NAMES_SHOWN])
    return f"{shown} and {len(names) - SCOPE_NAMES_SHOWN} more"
