"""Staff sessions (security checks 5-7), on the portal's one server-side session mechanism (portal/core/sessions.py).

A session starts "pending" once the password is right and reaches only the code page; the code completes it under a
new token (so the identifier changes at sign-in). Signing out, disabling the account, or the idle / absolute
timeouts end the row, and a copied cookie then finds nothing. The web layer keeps the token in the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from portal.core import clock
from portal.core.sessions import Resolved, ServerSessions, timed_out
from portal.db import session
from portal.models.staff import StaffSession, StaffUser

# What a session not yet complete is for, and how long its next step may take.
SIGN_IN = "sign-in"  # the password was right; the security code is next
ENROLMENT = "enrolment"  # an enrolment link chose the password; setting up the authenticator app is next
_STEP_TIMEOUTS = {SIGN_IN: "STAFF_CODE_STEP_TIMEOUT_SECONDS", ENROLMENT: "STAFF_ENROLMENT_STEP_TIMEOUT_SECONDS"}


def _config(name: str) -> int:
    return int(current_app.config[name])


def _expiry_reason(row: StaffSession, now: datetime) -> str | None:
    if not row.staff.active:
        return "account_disabled"
    if row.mfa_completed_at is None:
        limit = timedelta(seconds=_config(_STEP_TIMEOUTS[row.purpose]))
        return "code_step_expired" if now - clock.aware(row.created_at) > limit else None
    return timed_out(
        row,
        now,
        idle_seconds=_config("STAFF_IDLE_TIMEOUT_SECONDS"),
        absolute_seconds=_config("STAFF_ABSOLUTE_TIMEOUT_SECONDS"),
    )


SESSIONS = ServerSessions(StaffSession, _expiry_reason)


def create(staff: StaffUser, *, mfa_completed: bool, purpose: str = SIGN_IN) -> tuple[StaffSession, str]:
    """A new session row for `staff` and the token that names it."""
    completed = clock.now() if mfa_completed else None
    return SESSIONS.create(staff_id=staff.id, staff=staff, mfa_completed_at=completed, purpose=purpose)


def start_pending(staff: StaffUser) -> tuple[StaffSession, str]:
    """The password was right: a new session that reaches only the code page."""
    return create(staff, mfa_completed=False)


def start_enrolment(staff: StaffUser) -> tuple[StaffSession, str]:
    """An enrolment link chose the password: a new session that reaches only the authenticator set-up page."""
    return create(staff, mfa_completed=False, purpose=ENROLMENT)


def pending(row: StaffSession | None, purpose: str) -> StaffSession | None:
    """`row` if it is a session waiting for its second step and that step is `purpose`'s, else None."""
    if row is None or row.mfa_completed_at is not None or row.purpose != purpose:
        return None
    return row


def complete(pending: StaffSession) -> tuple[StaffSession, str]:
    """The code was right: replace the pending session with a fully signed-in one under a fresh token."""
    end(pending, "completed")
    return create(pending.staff, mfa_completed=True)


def resolve(token: str | None) -> Resolved[StaffSession]:
    return SESSIONS.resolve(token)


def touch(row: StaffSession) -> None:
    SESSIONS.touch(row)


def end(row: StaffSession, reason: str) -> None:
    SESSIONS.end(row, reason)


def end_all_for(staff: StaffUser, reason: str) -> int:
    """End every live session of `staff` (the account was disabled or its second factor reset)."""
    return _end_where(staff, None, reason)


def end_others(staff: StaffUser, keep: StaffSession | None) -> int:
    """End every live session of `staff` except `keep` (after they change their password)."""
    return _end_where(staff, keep, "password_changed")


def _end_where(staff: StaffUser, keep: StaffSession | None, reason: str) -> int:
    query = update(StaffSession).where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    result = session.execute(query.values(ended_at=clock.now(), ended_reason=reason))
    session.commit()
    return int(result.rowcount or 0)


def record_wrong_code(row: StaffSession) -> bool:
    """Count a wrong code; True when that was one too many and the pending session has been ended."""
    row.failed_codes += 1
    session.commit()
    if row.failed_codes >= _config("STAFF_MAX_WRONG_CODES"):
        end(row, "too_many_codes")
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
