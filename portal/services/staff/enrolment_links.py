"""Enrolment links: how a member of staff gets in for the first time, and again after a reset (security check 38).

A link carries only its token, in its path: 256 random bits, stored only as a digest (portal/core/tokens.py), valid
for STAFF_ENROLMENT_LINK_VALID_SECONDS (24 hours) from when its email leaves, and followed through once, by a
conditional UPDATE. An account has one live link at most: issuing a link revokes any other, and so does finishing
enrolment. A link works only while its account has not enrolled.

Links are issued by the outbox sender as the email leaves (services/mail/links.py, kind "staff-enrolment"), or
printed at once by `flask --app portal staff create --print-link`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal.core import clock, tokens
from portal.db import session
from portal.db_writes import insert_rows
from portal.models.staff import StaffEnrolmentLink, StaffUser
from portal.services.mail import compose
from portal.services.staff import audit

# Why a link does not work, as the audit log records it. The person following it sees the same page for each.
EXPIRED = "expired"
USED = "used"
REVOKED = "revoked"
ENROLLED = "account already set up"
DISABLED = "account disabled"


def link_for_account(staff_id: int) -> str:
    """A fresh enrolment link for the account, as the outbox sends its email; the sign-in page instead when the
    account is gone or has enrolled meanwhile (a link is no use to it then, and must not be live). The account is read
    afresh: a sender running in a loop keeps one database session, and its copy may predate the enrolment."""
    staff = session.get(StaffUser, staff_id, populate_existing=True)
    if staff is None or staff.totp_confirmed_at is not None:
        return compose.public_url("/staff/sign-in")
    return url(issue(staff, how="emailed"))


def url(token: str) -> str:
    return compose.public_url(f"/staff/enrol/{token}")


def issue(staff: StaffUser, *, how: str) -> str:
    """Revoke the account's live links and add a new one to the current transaction (the caller commits, with the
    email that carries it); returns its token. Audited."""
    revoked = revoke_all(staff)
    token, token_hash = tokens.new_token()
    now = clock.now()
    expires_at = now + timedelta(seconds=int(current_app.config["STAFF_ENROLMENT_LINK_VALID_SECONDS"]))
    row = {"token_hash": token_hash, "staff_id": staff.id, "created_at": now, "expires_at": expires_at}
    insert_rows(StaffEnrolmentLink, [row])
    audit.record(
        None,
        "enrolment.link_issued",
        "staff_user",
        staff.id,
        detail=f"{how}; valid until {expires_at:%Y-%m-%d %H:%M} UTC; earlier links revoked={revoked}",
        borough_id=audit.home_borough(staff),
    )
    return token


# A link neither used nor revoked (whether it has expired is a matter of the moment).
_LIVE = (StaffEnrolmentLink.used_at.is_(None), StaffEnrolmentLink.revoked_at.is_(None))


def revoke_all(staff: StaffUser) -> int:
    """Revoke every live link of the account (in the current transaction). Returns how many."""
    result = session.execute(
        update(StaffEnrolmentLink)
        .where(StaffEnrolmentLink.staff_id == staff.id, *_LIVE)
        .values(revoked_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class Found:
    """What a token names: its link (None when unknown) and, when the link cannot be used, why."""

    link: StaffEnrolmentLink | None
    problem: str | None

    @property
    def usable(self) -> bool:
        return self.link is not None and self.problem is None


def find(token: str) -> Found:
    """The link `token` names, and whether it can be used now. Changes nothing."""
    if not tokens.plausible(token):
        return Found(None, "unknown")
    link = session.scalar(select(StaffEnrolmentLink).where(StaffEnrolmentLink.token_hash == tokens.digest(token)))
    if link is None:
        return Found(None, "unknown")
    return Found(link, _problem(link))


def _problem(link: StaffEnrolmentLink) -> str | None:
    staff = session.get(StaffUser, link.staff_id, populate_existing=True)
    if link.used_at is not None:
        return USED
    if link.revoked_at is not None:
        return REVOKED
    if clock.aware(link.expires_at) <= clock.now():
        return EXPIRED
    if staff is None or staff.totp_confirmed_at is not None:
        return ENROLLED
    if not staff.active:
        return DISABLED
    return None


def claim(link: StaffEnrolmentLink) -> bool:
    """Mark the link used, atomically: of two requests racing with it, only one wins. In the caller's transaction."""
    claimed = session.execute(
        update(StaffEnrolmentLink)
        .where(StaffEnrolmentLink.id == link.id, *_LIVE, StaffEnrolmentLink.expires_at > clock.now())
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(claimed or 0) == 1


def live_link(staff: StaffUser) -> StaffEnrolmentLink | None:
    """The account's live link, if one has been issued and has not expired (for the administrator's page)."""
    return session.scalar(
        select(StaffEnrolmentLink).where(
            StaffEnrolmentLink.staff_id == staff.id,
            StaffEnrolmentLink.used_at.is_(None),
            StaffEnrolmentLink.revoked_at.is_(None),
            StaffEnrolmentLink.expires_at > clock.now(),
        )
    )
