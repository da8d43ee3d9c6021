"""Enrolment: a member of staff chooses their own password and sets up their own authenticator app, through a
single-use link emailed to them (security check 38). Administrators never set, see or learn a working password.

An account is "set up" once its authenticator app is confirmed (`totp_confirmed_at`); until then it cannot sign in
with any password. Creating an account, resetting its authenticator app and sending a new link all put it back to
"not set up": no password, a fresh authenticator secret nobody has seen, its sessions ended, its earlier links
revoked, and a new link on its way (enrolment_links.py). Following the link, the person chooses a password (the
link is then used up), is shown the new secret on the next page only (a session of its own, `sessions.ENROLMENT`),
and the first right code from their app confirms it and signs them in (auth.confirm_enrolment). Every step is
audited, and so is every attempt with a link that no longer works.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from flask import current_app

from portal.core import clock
from portal.db import session
from portal.models.staff import StaffSession, StaffUser
from portal.services.mail import compose, outbox
from portal.services.staff import audit, enrolment_links, passwords, sessions, totp

# Why an account is (again) waiting to be set up: the audit log's words, and the email's.
CREATED = "account created"
MFA_RESET = "authenticator app reset"
NEW_LINK = "new link"
_SUBJECTS = {
    CREATED: "Set up your staff account",
    MFA_RESET: "Set up your staff account again",
    NEW_LINK: "Your new link to set up your staff account",
}


class EnrolmentError(RuntimeError):
    """Asked for something enrolment never does (a known password outside development)."""


def restart(staff: StaffUser, by: StaffUser | None, reason: str, *, email: bool = True) -> str | None:
    """Put the account back to "not set up" and give it a new link: emailed (issued as the email leaves), or, with
    `email=False`, issued now and returned for the command line to print. Commits; audited."""
    staff.password_hash = passwords.NO_PASSWORD
    totp.set_secret(staff, pyotp.random_base32())
    staff.totp_confirmed_at = None
    staff.totp_last_step = None
    enrolment_links.revoke_all(staff)
    if email:
        _queue_email(staff, reason)
    session.commit()
    sessions.end_all_for(staff, reason.replace(" ", "_"))
    how = "emailed when the outbox sends it" if email else "printed on the command line"
    audit.record(
        by, "enrolment.link_requested", "staff_user", staff.id, detail=f"{reason}; {how}", borough_id=_borough(staff)
    )
    if email:
        return None
    token = enrolment_links.issue(staff, how="printed")
    session.commit()
    return enrolment_links.url(token)


def _queue_email(staff: StaffUser, reason: str) -> None:
    body = compose.render(
        "staff-enrolment",
        name=staff.name,
        again=reason != CREATED,
        link=compose.LINK,  # issued when the email is sent
        hours=int(current_app.config["STAFF_ENROLMENT_LINK_VALID_SECONDS"]) // 3600,
        sign_in_url=compose.public_url("/staff/sign-in"),
    )
    outbox.enqueue("staff-enrolment", staff.email, _SUBJECTS[reason], body, link=(outbox.STAFF_ENROLMENT, staff.id))


def _borough(staff: StaffUser) -> int | None:
    return audit.home_borough(staff)


def check(token: str) -> bool:
    """Whether the link can be followed now. Changes nothing (mail scanners open links too); an attempt with a link
    that no longer works is audited against its account."""
    found = enrolment_links.find(token)
    if not found.usable:
        _refused(found)
    return found.usable


def _refused(found: enrolment_links.Found) -> None:
    link = found.link
    if link is None:
        return  # not one of ours: nothing to file it under, and nothing to learn from it
    staff = session.get(StaffUser, link.staff_id)
    borough = _borough(staff) if staff is not None else None
    audit.record(None, "enrolment.link_refused", "staff_user", link.staff_id, detail=found.problem, borough_id=borough)


@dataclass(frozen=True)
class Chosen:
    """What became of a password chosen through a link: the enrolment session that shows the authenticator step
    (and its token), or the password's problem for the form; neither when the link cannot be used."""

    session: tuple[StaffSession, str] | None = None
    problem: str | None = None


def choose_password(token: str, password: str) -> Chosen:
    """Use the link: set the password it was followed to choose, and a fresh authenticator secret to be shown next,
    to this session only. A password that breaks the rules leaves the link unused. Commits."""
    found = enrolment_links.find(token)
    if not found.usable or found.link is None:
        _refused(found)
        return Chosen()
    problem = passwords.problem_with(password)
    if problem:
        return Chosen(problem=problem)
    password_hash = passwords.hash_password(password)
    if not enrolment_links.claim(found.link):
        session.rollback()  # another request used it a moment ago
        return Chosen()
    staff = session.get(StaffUser, found.link.staff_id, populate_existing=True)
    staff.password_hash = password_hash
    totp.set_secret(staff, pyotp.random_base32())
    staff.totp_last_step = None
    session.commit()
    audit.record(staff, "enrolment.link_used", "staff_user", staff.id)
    audit.record(staff, "enrolment.password_set", "staff_user", staff.id)
    return Chosen(session=sessions.start_enrolment(staff))


def enrol_for_development(staff: StaffUser, password: str) -> None:
    """Development and tests only (the demo accounts): a known password and a confirmed authenticator app, as if the
    account had enrolled. Refused in production, where only the member of staff chooses their password."""
    if current_app.config["ENV_NAME"] == "production":
        raise EnrolmentError("Accounts with a known password are for development only and are refused in production.")
    staff.password_hash = passwords.hash_password(password)
    staff.totp_confirmed_at = clock.now()
    enrolment_links.revoke_all(staff)
    session.commit()
    audit.record(None, "enrolment.development", "staff_user", staff.id, detail="known password for development")
