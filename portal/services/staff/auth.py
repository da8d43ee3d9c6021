"""Signing in: the password, then a TOTP code (security checks 1, 3, 4 and 38).

Unknown account, wrong password and disabled account all produce the same answer (None) after the same work (one
argon2 verification), so the sign-in page cannot be used to find out which accounts exist. Wrong passwords and codes
earn the client making them a back-off for that address (services/staff/backoff.py); while it lasts, attempts from
that client are answered the same way without any check, and are not counted. The rate limits on the sign-in routes
sit in front of all this.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import pyotp
from flask import current_app
from sqlalchemy import or_, update

from portal.core import clock
from portal.core.numbers import ascii_digits
from portal.db import session
from portal.models.staff import StaffSession, StaffUser
from portal.services.staff import accounts, audit, backoff, enrolment_links, passwords, sessions, totp

TOTP_INTERVAL = 30
# A code is accepted for its own 30-second step and one step either side, for clocks a little out; no further.
TOTP_DRIFT_STEPS = 1


def check_password(email: str, password: str) -> StaffUser | None:
    """The account, if `password` is right and the account may sign in now; otherwise None, whatever the reason."""
    if backoff.waiting(email):
        # Neither checked nor counted: the same answer, without the work that could tell anything apart.
        audit.record(None, "sign_in.failed", detail="client backing off")
        return None
    staff = accounts.by_email(email)
    if staff is None:
        passwords.verify_dummy(password)
        backoff.failed(email, None)
        audit.record(None, "sign_in.failed", detail="unknown account")
        return None
    right = passwords.verify(staff.password_hash, password)  # never right for an account without a password
    reason = _refusal(staff, right)
    if reason:
        if not right:
            backoff.failed(email, staff)
        audit.record(None, "sign_in.failed", "staff_user", staff.id, detail=reason, borough_id=_borough(staff))
        return None
    if passwords.needs_rehash(staff.password_hash):
        staff.password_hash = passwords.rehash(password)
    session.commit()
    backoff.succeeded(email)
    audit.record(staff, "sign_in.password_accepted", "staff_user", staff.id)
    return staff


def _refusal(staff: StaffUser, right: bool) -> str | None:
    """Why a sign-in with this password is refused, or None. An account not set up through its enrolment link is
    refused whatever password is typed (security check 38): whoever knew a password could otherwise set up their
    own authenticator app first."""
    if not right:
        return "wrong password"
    if not staff.active:
        return "account disabled"
    if staff.totp_confirmed_at is None:
        return "not set up"
    return None


def _borough(staff: StaffUser) -> int | None:
    return audit.home_borough(staff)


@dataclass(frozen=True)
class CodeResult:
    """What became of a security code: signed in (the new session and its token), or not, and if not whether the
    password must be asked for again (too many wrong codes ended the pending session)."""

    session: tuple[StaffSession, str] | None = None
    start_again: bool = False


def check_code(pending: StaffSession, code: str) -> CodeResult:
    """Complete sign-in if `code` is right, not used before, and the account is still allowed in: the pending
    session is replaced by a fully signed-in one under a new token."""
    staff = pending.staff
    now = clock.now()
    if backoff.waiting(staff.email):
        audit.record(
            None, "sign_in.code_failed", "staff_user", staff.id, detail="client backing off", borough_id=_borough(staff)
        )
        return CodeResult()
    step = matching_step(totp.secret_of(staff), code, now)
    if step is None or _refusal(staff, True) or not _claim_step(staff, step):
        backoff.failed(staff.email, staff)
        audit.record(None, "sign_in.code_failed", "staff_user", staff.id, borough_id=_borough(staff))
        return CodeResult(start_again=sessions.record_wrong_code(pending))
    backoff.succeeded(staff.email)
    staff.last_sign_in_at = now
    session.commit()
    signed_in = sessions.complete(pending)
    audit.record(staff, "sign_in", "staff_user", staff.id)
    return CodeResult(session=signed_in)


def confirm_enrolment(pending: StaffSession, code: str) -> tuple[StaffSession, str] | None:
    """The last step of enrolment: the first right code from the newly set-up app confirms it, and signs the person
    in under a new session and token. None for a wrong code, which is not counted against anyone: whoever holds this
    session has just been shown the secret."""
    staff = pending.staff
    step = matching_step(totp.secret_of(staff), code, clock.now())
    if step is None or not staff.active or staff.totp_confirmed_at is not None or not _claim_step(staff, step):
        audit.record(None, "enrolment.code_failed", "staff_user", staff.id, borough_id=_borough(staff))
        return None
    now = clock.now()
    staff.totp_confirmed_at = now
    staff.last_sign_in_at = now
    enrolment_links.revoke_all(staff)
    session.commit()
    audit.record(staff, "enrolment.authenticator_enrolled", "staff_user", staff.id)
    signed_in = sessions.complete(pending)
    audit.record(staff, "sign_in", "staff_user", staff.id, detail="at the end of enrolment")
    return signed_in


def sign_out(row: StaffSession | None) -> None:
    """End a staff session at its owner's request."""
    if row is None:
        return
    audit.record(row.staff, "sign_out", "staff_user", row.staff_id)
    sessions.end(row, "signed_out")


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time-step `code` belongs to, within the allowed drift of `at`, or None."""
    code = "".join(code.split())
    if len(code) != 6 or not ascii_digits(code):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    now_step = int(at.timestamp()) // TOTP_INTERVAL
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(staff: StaffUser, step: int) -> bool:
    """Record `step` as used, atomically: of two requests racing with the same code, only one wins."""
    result = session.execute(
        update(StaffUser)
        .where(StaffUser.id == staff.id, or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    claimed = int(result.rowcount or 0) == 1
    session.refresh(staff)
    return claimed


def current_code(staff: StaffUser, at: datetime | None = None) -> str:
    """The code an authenticator app shows now (for the development-only `staff totp` command and tests)."""
    moment = at or clock.now()
    secret = totp.secret_of(staff)
    return pyotp.TOTP(secret, interval=TOTP_INTERVAL).generate_otp(int(moment.timestamp()) // TOTP_INTERVAL)


def provisioning_uri(staff: StaffUser) -> str:
    issuer = current_app.config["SERVICE_NAME"]
    totp_ = pyotp.TOTP(totp.secret_of(staff), interval=TOTP_INTERVAL)
    return totp_.provisioning_uri(name=staff.email, issuer_name=issuer)
