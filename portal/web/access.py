"""Who reaches a staff page (security checks 4-8): every staff view is wrapped in `requires(PERMISSION)` (or, for the
sign-in pages only, `exempt(reason)`), and an architecture test walks the URL map to prove it.

`requires` demands a fully signed-in session (password and code), refreshes its idle timer, marks the response
`no-store` and asks the permission service, which audits what was viewed or refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, flash, redirect, request, url_for
from flask_login import LoginManager

from portal.forms.staff import ActionForm
from portal.models.staff import StaffSession, StaffUser
from portal.services.staff import permissions, sessions
from portal.web.security import no_store
from portal.web.sessions import STAFF

login_manager = LoginManager()
login_manager.session_protection = None  # our own server-side sessions do this job; keep Flask's cookie untouched

# Why a timed-out person is back at the sign-in page, in their words.
_ENDED_MESSAGES = {
    "idle": "You were signed out because you had not done anything for a while. Sign in again to continue.",
    "absolute": "You were signed out because your session reached its maximum length. Sign in again to continue.",
    "account_disabled": "You were signed out.",
}

View = TypeVar("View", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.request_loader(_load_user)


def _load_user(_request: object) -> StaffUser | None:
    # Flask-Login's current_user is a staff member only once both factors are done.
    row = signed_in_session()
    return row.staff if row is not None else None


def signed_in_session() -> StaffSession | None:
    """This request's staff session once both factors are done, or None."""
    row: StaffSession | None = STAFF.current()
    return row if row is not None and row.mfa_completed_at is not None else None


def session_banner() -> dict[str, object] | None:
    """What the staff layout shows about the signed-in session: who, and when it ends (for the timeout warning)."""
    row = signed_in_session()
    if row is None:
        return None
    return {"staff": row.staff, "expiry": sessions.expiry(row), "form": ActionForm(formdata=None, next=request.path)}


def requires(permission: str, *, audit_view: bool = True) -> Callable[[View], View]:
    """Only a fully signed-in staff member holding `permission` reaches the view; anyone else is sent to sign in
    (or gets 403). Pass audit_view=False when the view's service writes its own, more specific audit record."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            no_store()
            row = signed_in_session()
            if row is None:
                message = _ENDED_MESSAGES.get(STAFF.ended_reason() or "")
                if message:
                    flash(message, "signed-out")
                return redirect(url_for("staff.sign_in"))
            viewed = _view_args() if audit_view and request.method == "GET" else None
            if not permissions.authorise(row.staff, permission, _page(), viewed):
                abort(403)
            sessions.touch(row)
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


def _view_args() -> str:
    # The identifiers in the URL (a report's id, an account's id): what was looked at. Never the query string.
    args = request.view_args or {}
    return ", ".join(f"{key}={value}" for key, value in sorted(args.items()))
