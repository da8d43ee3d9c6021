"""Sign-in back-off (security check 3): failures slow down the client making them, never the account's owner.

Failures are counted per (email address typed, client), the client being an IPv4 address or an IPv6 /64. After
STAFF_BACKOFF_AFTER failures in a row that client waits STAFF_BACKOFF_BASE_SECONDS before it may try that address
again, doubling with each further failure up to STAFF_BACKOFF_MAX_SECONDS. While it waits its attempts are neither
checked (no password is verified, so nothing can be learned) nor counted (so waiting is never extended by trying).
Someone guessing from one place stops a single pair; the officer at their own station signs in as usual.

An address that belongs to no account is counted exactly like one that does (the key is a keyed digest of what was
typed), so the answers and the work done cannot tell them apart. Administrators see and clear an account's
back-offs; starting and clearing one are audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_request_context
from sqlalchemy import delete, select

from portal.core import clock, tokens
from portal.db import session
from portal.models.staff import SignInBackoff, StaffUser
from portal.services.staff import audit


def account_key(email: str) -> str:
    return tokens.keyed("sign-in:" + email.strip().lower())


def current_client() -> str:
    if not has_request_context():
        return "command line"
    return str(current_app.extensions["client_group"]())


def _row(email: str) -> SignInBackoff | None:
    query = select(SignInBackoff).where(
        SignInBackoff.account_key == account_key(email), SignInBackoff.client == current_client()
    )
    return session.scalar(query)


def waiting(email: str) -> bool:
    """True while this client must wait before trying `email` again."""
    row = _row(email)
    return row is not None and row.blocked_until is not None and clock.aware(row.blocked_until) > clock.now()


def delay(failures: int) -> timedelta | None:
    """How long a client waits after its `failures`-th failure in a row (None: not yet)."""
    config = current_app.config
    beyond = failures - int(config["STAFF_BACKOFF_AFTER"])
    if beyond < 0:
        return None
    seconds = int(config["STAFF_BACKOFF_BASE_SECONDS"]) * 2 ** min(beyond, 30)
    return timedelta(seconds=min(seconds, int(config["STAFF_BACKOFF_MAX_SECONDS"])))


def failed(email: str, staff: StaffUser | None) -> None:
    """Count a wrong password or code from this client for `email`. Commits."""
    now = clock.now()
    row = _row(email)
    if row is None:
        row = SignInBackoff(account_key=account_key(email), client=current_client(), failures=0, last_failure_at=now)
        session.add(row)
    elif now - clock.aware(row.last_failure_at) > timedelta(seconds=current_app.config["STAFF_BACKOFF_FORGET_SECONDS"]):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = delay(row.failures)
    row.blocked_until = now + wait if wait is not None else None
    session.commit()
    if wait is not None:
        target = ("staff_user", staff.id) if staff is not None else (None, None)
        detail = f"client={row.client}, failures={row.failures}, seconds={int(wait.total_seconds())}"
        borough = audit.home_borough(staff) if staff is not None else None
        audit.record(None, "sign_in.backing_off", *target, detail=detail, borough_id=borough)


def succeeded(email: str) -> None:
    """This client signed in: it starts afresh. Commits."""
    session.execute(
        delete(SignInBackoff).where(
            SignInBackoff.account_key == account_key(email), SignInBackoff.client == current_client()
        )
    )
    session.commit()


def for_account(staff: StaffUser) -> list[SignInBackoff]:
    """Every client with failures counted against the account, most recent first."""
    query = select(SignInBackoff).where(SignInBackoff.account_key == account_key(staff.email))
    return list(session.scalars(query.order_by(SignInBackoff.last_failure_at.desc())))


def is_waiting(row: SignInBackoff, now: datetime | None = None) -> bool:
    return row.blocked_until is not None and clock.aware(row.blocked_until) > (now or clock.now())


def clear(staff: StaffUser, by: StaffUser | None) -> int:
    """Clear every back-off and failure count against the account (its owner was locked out and has called).
    Audited; commits. Returns how many clients were cleared."""
    rows = for_account(staff)
    for row in rows:
        session.delete(row)
    session.commit()
    clients = ", ".join(row.client for row in rows) or "none"
    audit.record(
        by,
        "account.backoff_cleared",
        "staff_user",
        staff.id,
        detail=f"clients={clients}",
        borough_id=audit.home_borough(staff),
    )
    return len(rows)
