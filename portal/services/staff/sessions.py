"""Server-side staff sessions (security checks 5-7).

The browser holds only a random 256-bit token in an HttpOnly cookie; the database holds its SHA-256 digest, so a
copy of the table cannot be replayed. A session starts "pending" once the password is right and reaches only the
code page; the code completes it under a new token (so the identifier changes at sign-in). Signing out, disabling
the account, or the idle / absolute timeouts end the row, and a copied cookie then finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_login import LoginManager
from sqlalchemy import delete, or_, select, update

from portal.db import session
from portal.models.staff import StaffSession, StaffUser
from portal.services.staff import clock

login_manager = LoginManager()
login_manager.session_protection = None  # our own server-side sessions do this job; keep Flask's cookie untouched

_UNSET = object()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.request_loader(_load_user)
    app.before_request(_forget_previous_request)
    app.after_request(_write_cookie)


_REQUEST_KEYS = ("staff_session", "staff_cookie", "staff_session_ended", "_login_user")


def _forget_previous_request() -> None:
    # g outlives a request when an application context is already active (the CLI, tests): start clean.
    for key in _REQUEST_KEYS:
        g.pop(key, None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _config(name: str) -> int:
    return int(current_app.config[name])


# ---- starting, completing and ending -----------------------------------------------------------------------------


def start_pending(staff: StaffUser) -> StaffSession:
    """The password was right: a new session that reaches only the code page. Any session this browser already had
    is ended first, so no identifier survives sign-in."""
    end_current("replaced")
    return _use(*create(staff, mfa_completed=False))


def complete(pending: StaffSession) -> StaffSession:
    """The code was right: replace the pending session with a fully signed-in one under a fresh token."""
    _end(pending, "completed")
    return _use(*create(pending.staff, mfa_completed=True))


def create(staff: StaffUser, *, mfa_completed: bool) -> tuple[StaffSession, str]:
    """A new session row and the token that names it (only the token's digest is stored)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = StaffSession(
        token_hash=_digest(token),
        staff_id=staff.id,
        staff=staff,
        created_at=now,
        last_seen_at=now,
        mfa_completed_at=now if mfa_completed else None,
    )
    session.add(row)
    session.commit()
    return row, token


def _use(row: StaffSession, token: str) -> StaffSession:
    """Make `row` this request's session; its token goes to the browser in the response's cookie."""
    g.staff_cookie = token
    g.staff_session = row
    return row


def end_current(reason: str) -> None:
    row = current()
    if row is not None:
        _end(row, reason)
    if has_request_context():
        g.staff_cookie = None
        g.staff_session = None


def end_all_for(staff: StaffUser, reason: str) -> int:
    """End every live session of `staff` (the account was disabled or its second factor reset)."""
    result = session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
        .values(ended_at=clock.now(), ended_reason=reason)
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def end_others(staff: StaffUser) -> int:
    """End every live session of `staff` except this request's (after they change their password)."""
    keep = current()
    query = update(StaffSession).where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    result = session.execute(query.values(ended_at=clock.now(), ended_reason="password_changed"))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _end(row: StaffSession, reason: str) -> None:
    row.ended_at = clock.now()
    row.ended_reason = reason
    session.commit()


# ---- the current request's session -------------------------------------------------------------------------------


def current() -> StaffSession | None:
    """This request's live staff session (pending or complete), or None. Looked up once per request."""
    if not has_request_context():
        return None
    cached = g.get("staff_session", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    row = _lookup(request.cookies.get(current_app.config["STAFF_SESSION_COOKIE_NAME"]))
    g.staff_session = row
    return row


def ended_reason() -> str | None:
    """Why the session this request's cookie names has just ended (idle, absolute, account_disabled), if it did."""
    return g.get("staff_session_ended")


def _lookup(token: str | None) -> StaffSession | None:
    if not token or len(token) > 100:
        return None
    row = session.scalars(
        select(StaffSession).where(StaffSession.token_hash == _digest(token), StaffSession.ended_at.is_(None))
    ).first()
    if row is None:
        g.staff_cookie = None  # a stale or forged cookie: clear it
        return None
    reason = _expiry_reason(row, clock.now())
    if reason:
        _end(row, reason)
        g.staff_session_ended = reason
        g.staff_cookie = None
        return None
    return row


def _expiry_reason(row: StaffSession, now: datetime) -> str | None:
    if not row.staff.active:
        return "account_disabled"
    created = clock.aware(row.created_at)
    if row.mfa_completed_at is None:
        return (
            "code_step_expired"
            if now - created > timedelta(seconds=_config("STAFF_CODE_STEP_TIMEOUT_SECONDS"))
            else None
        )
    if now - created >= timedelta(seconds=_config("STAFF_ABSOLUTE_TIMEOUT_SECONDS")):
        return "absolute"
    if now - clock.aware(row.last_seen_at) >= timedelta(seconds=_config("STAFF_IDLE_TIMEOUT_SECONDS")):
        return "idle"
    return None


def touch(row: StaffSession) -> None:
    """Activity: restart the idle timer."""
    row.last_seen_at = clock.now()
    session.commit()


def record_wrong_code(row: StaffSession) -> bool:
    """Count a wrong code; True when that was one too many and the pending session has been ended."""
    row.failed_codes += 1
    session.commit()
    if row.failed_codes >= _config("STAFF_MAX_WRONG_CODES"):
        end_current("too_many_codes")
        return True
    return False


@dataclass(frozen=True)
class Expiry:
    ends_at: datetime  # when the session ends if nothing more is done
    by_absolute_limit: bool  # True when staying active will not help: the maximum length is reached then
    warn_from: datetime


def expiry(row: StaffSession) -> Expiry:
    idle_end = clock.aware(row.last_seen_at) + timedelta(seconds=_config("STAFF_IDLE_TIMEOUT_SECONDS"))
    absolute_end = clock.aware(row.created_at) + timedelta(seconds=_config("STAFF_ABSOLUTE_TIMEOUT_SECONDS"))
    ends_at = min(idle_end, absolute_end)
    warn_from = ends_at - timedelta(seconds=_config("STAFF_TIMEOUT_WARNING_SECONDS"))
    return Expiry(ends_at=ends_at, by_absolute_limit=absolute_end <= idle_end, warn_from=warn_from)


# ---- Flask-Login and the cookie ----------------------------------------------------------------------------------


def _load_user(_request: object) -> StaffUser | None:
    # Flask-Login's current_user is a staff member only once both factors are done.
    row = current()
    return row.staff if row is not None and row.mfa_completed_at is not None else None


def _write_cookie(response: Response) -> Response:
    token = g.get("staff_cookie", _UNSET)
    if token is _UNSET:
        return response
    config = current_app.config
    name = config["STAFF_SESSION_COOKIE_NAME"]
    if token is None:
        if name in request.cookies:
            response.delete_cookie(
                name, path="/", secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax"
            )
        return response
    # No Max-Age: a browser session cookie. The server decides when the session ends.
    response.set_cookie(name, token, path="/", secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


def prune(older_than: timedelta = timedelta(days=30)) -> int:
    """Delete session rows that ended (or could only have expired) more than `older_than` ago. The audit log keeps
    the record of each sign-in and sign-out; these rows are only needed while a session could be live."""
    cutoff = clock.now() - older_than
    stale_by = timedelta(seconds=_config("STAFF_ABSOLUTE_TIMEOUT_SECONDS"))
    result = session.execute(
        delete(StaffSession).where(or_(StaffSession.ended_at < cutoff, StaffSession.created_at < cutoff - stale_by))
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
