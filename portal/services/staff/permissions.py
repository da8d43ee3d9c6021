"""Permissions and scope: what a staff member may do, and which wards they may see (security checks 8 and 9).

Every staff view is wrapped in `requires(PERMISSION)` (or, for the sign-in pages only, `exempt(reason)`); an
architecture test walks the URL map to prove it. The decorator demands a fully signed-in session (password and
code), refreshes its idle timer, marks the response `no-store` and writes a "viewed" audit record for pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import ColumnElement, select, true

from portal.models.staff import StaffUser
from portal.models.ward import Ward
from portal.security import no_store

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

# Role scopes.
SCOPE_WARDS = "wards"
SCOPE_BOROUGH = "borough"
SCOPE_ALL = "all"

# Why a timed-out person is back at the sign-in page, in their words.
_ENDED_MESSAGES = {
    "idle": "You were signed out because you had not done anything for a while. Sign in again to continue.",
    "absolute": "You were signed out because your session reached its maximum length. Sign in again to continue.",
    "account_disabled": "You were signed out.",
}

View = TypeVar("View", bound=Callable[..., Any])


def requires(permission: str, *, audit_view: bool = True) -> Callable[[View], View]:
    """Only a fully signed-in staff member holding `permission` reaches the view; anyone else is sent to sign in
    (or gets 403). Pass audit_view=False when the view writes its own, more specific audit record."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from portal.services.staff import audit, sessions

            no_store()
            staff_session = sessions.current()
            if staff_session is None or staff_session.mfa_completed_at is None:
                message = _ENDED_MESSAGES.get(sessions.ended_reason() or "")
                if message:
                    flash(message, "signed-out")
                return redirect(url_for("staff.sign_in"))
            staff = staff_session.staff
            if not staff.can(permission):
                audit.record(staff, "access.refused", "page", _page(), detail=permission)
                abort(403)
            sessions.touch(staff_session)
            if audit_view and request.method == "GET":
                audit.record(staff, "page.viewed", "page", _page(), detail=_view_args())
            return view(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def exempt(reason: str) -> Callable[[View], View]:
    """Declare a staff URL that must be reachable before signing in (the sign-in pages). The architecture test allows
    only an explicit list of these."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            no_store()
            return view(*args, **kwargs)

        wrapper.permission_exempt = reason  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _page() -> str:
    return request.url_rule.rule if request.url_rule is not None else request.path


def _view_args() -> str | None:
    # The identifiers in the URL (a report's id, an account's id): what was looked at. Never the query string.
    args = request.view_args or {}
    return ", ".join(f"{key}={value}" for key, value in sorted(args.items())) or None


# ---- Scope: which wards a staff member may see ----------------------------------------------------------------


def borough_ids_in_scope(staff: StaffUser) -> set[int] | None:
    """The boroughs whose records `staff` may see; None means every borough."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return None
    if scope == SCOPE_BOROUGH:
        return {borough.id for borough in staff.boroughs}
    return {ward.borough_id for ward in staff.wards}


def ward_ids_in_scope(staff: StaffUser) -> set[int] | None:
    """The wards whose records `staff` may see; None means every ward. An officer's own wards; a supervisor's or
    front counter's boroughs' wards (current and retired, since old reports still point at retired wards)."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return None
    if scope == SCOPE_WARDS:
        return {ward.id for ward in staff.wards}
    from portal.db import session

    borough_ids = {borough.id for borough in staff.boroughs}
    if not borough_ids:
        return set()
    return set(session.scalars(select(Ward.id).where(Ward.borough_id.in_(borough_ids))))


def ward_scope_condition(staff: StaffUser, ward_id_column: Any) -> ColumnElement[bool]:
    """A WHERE clause limiting `ward_id_column` to the wards `staff` may see, for use in any query:
    `select(Report).where(ward_scope_condition(staff, Report.ward_id))`."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return true()
    if scope == SCOPE_WARDS:
        return ward_id_column.in_([ward.id for ward in staff.wards])
    borough_ids = [borough.id for borough in staff.boroughs]
    return ward_id_column.in_(select(Ward.id).where(Ward.borough_id.in_(borough_ids)))


def can_see_ward(staff: StaffUser, ward_id: int | None) -> bool:
    wards = ward_ids_in_scope(staff)
    return wards is None or (ward_id is not None and ward_id in wards)


def scope_description(staff: StaffUser) -> list[str]:
    """The wards or boroughs `staff` covers, as names to show them."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return ["Every borough and ward"]
    if scope == SCOPE_WARDS:
        return [f"{ward.name}, {ward.borough.name}" for ward in staff.wards]
    return [borough.name for borough in staff.boroughs]
