"""Staff accounts: create, find, disable, re-enable, reset the second factor. Each change is audited.

Nobody sets another person's password: a new account, and one whose authenticator app is reset, has none until its
owner chooses one through an emailed enrolment link (enrolment.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy import func, select

from portal.core import clock
from portal.db import session
from portal.models.staff import Role, StaffSession, StaffUser
from portal.models.ward import Borough, Ward
from portal.services.staff import audit, enrolment, enrolment_links, passwords, sessions, totp
from portal.services.staff.scope import SCOPE_BOROUGH, SCOPE_WARDS


class AccountError(ValueError):
    """An account cannot be created or changed as asked. `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AccountSummary:
    staff: StaffUser
    live_sessions: int
    link_expires_at: datetime | None  # while the account is not set up: when its live enrolment link expires


def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(email: str) -> StaffUser | None:
    return session.scalars(select(StaffUser).where(StaffUser.email == normalise_email(email))).first()


def get(staff_id: int) -> StaffUser | None:
    return session.get(StaffUser, staff_id)


def list_accounts() -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.name)))


def summary(staff: StaffUser) -> AccountSummary:
    live = session.scalar(
        select(func.count())
        .select_from(StaffSession)
        .where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
    )
    link = enrolment_links.live_link(staff)
    return AccountSummary(
        staff=staff, live_sessions=int(live or 0), link_expires_at=link.expires_at if link is not None else None
    )


def create(
    *,
    email: str,
    name: str,
    role_code: str,
    ward_codes: Iterable[str] = (),
    borough_codes: Iterable[str] = (),
    by: StaffUser | None = None,
    email_link: bool = True,
) -> StaffUser:
    """Create an account with no password, which cannot sign in until its owner enrols, and email them their
    enrolment link (`email_link=False`: the caller gives them one, enrolment.restart). Raises AccountError; commits."""
    email = normalise_email(email)
    if by_email(email) is not None:
        raise AccountError("An account with this email address already exists", "email")
    role = session.get(Role, role_code)
    if role is None:
        raise AccountError("Select a role", "role")
    wards = _wards(ward_codes)
    boroughs = _boroughs(borough_codes)
    if role.scope == SCOPE_WARDS and not wards:
        raise AccountError("Enter at least one ward code for an officer", "ward_codes")
    if role.scope == SCOPE_BOROUGH and not boroughs:
        raise AccountError(f"Select a borough for a {role.name.lower()}", "borough_codes")
    staff = StaffUser(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=passwords.NO_PASSWORD,
        totp_secret="",
        wards=wards,
        boroughs=boroughs,
        active=True,
    )
    session.add(staff)
    session.flush()  # the secret is sealed to the account's id
    totp.set_secret(staff, pyotp.random_base32())
    session.commit()
    audit.record(by, "account.created", "staff_user", staff.id, detail=f"role={role.code}", borough_id=_borough(staff))
    if email_link:
        enrolment.restart(staff, by, enrolment.CREATED)
    return staff


def _wards(codes: Iterable[str]) -> list[Ward]:
    wanted = {code.strip().upper() for code in codes if code.strip()}
    found = list(session.scalars(select(Ward).where(Ward.code.in_(wanted)))) if wanted else []
    missing = wanted - {ward.code for ward in found}
    if missing:
        raise AccountError(f"There is no ward with the code {', '.join(sorted(missing))}", "ward_codes")
    return found


def _boroughs(codes: Iterable[str]) -> list[Borough]:
    wanted = {code.strip().upper() for code in codes if code.strip()}
    found = list(session.scalars(select(Borough).where(Borough.code.in_(wanted)))) if wanted else []
    missing = wanted - {borough.code for borough in found}
    if missing:
        raise AccountError(f"There is no borough with the code {', '.join(sorted(missing))}", "borough_codes")
    return found


def _borough(staff: StaffUser) -> int | None:
    return audit.home_borough(staff)


def disable(staff: StaffUser, by: StaffUser | None = None) -> int:
    """Stop the account signing in and end its live sessions now (a copied cookie stops working). Returns how many
    sessions were ended."""
    if by is not None and by.id == staff.id:
        raise AccountError("You cannot disable your own account")
    staff.active = False
    staff.disabled_at = clock.now()
    session.commit()
    ended = sessions.end_all_for(staff, "account_disabled")
    audit.record(
        by, "account.disabled", "staff_user", staff.id, detail=f"sessions ended={ended}", borough_id=_borough(staff)
    )
    return ended


def enable(staff: StaffUser, by: StaffUser | None = None) -> None:
    staff.active = True
    staff.disabled_at = None
    session.commit()
    audit.record(by, "account.enabled", "staff_user", staff.id, borough_id=_borough(staff))


def reset_mfa(staff: StaffUser, by: StaffUser | None = None, *, email_link: bool = True) -> str | None:
    """A lost phone: the authenticator app and the password stop working, live sessions end (whoever holds the old
    phone must not stay signed in), and the owner sets both up again through a new enrolment link (emailed, or
    returned for the command line to print). The password goes too: a phone lost is often a password lost with it,
    and the link must be the one way back in."""
    link = enrolment.restart(staff, by, enrolment.MFA_RESET, email=email_link)
    audit.record(by, "account.mfa_reset", "staff_user", staff.id, borough_id=_borough(staff))
    return link


def new_enrolment_link(staff: StaffUser, by: StaffUser | None = None, *, email_link: bool = True) -> str | None:
    """Another enrolment link (the last expired, or never arrived): the old one stops working, and so does any
    password chosen through it. Emailed, or returned for the command line to print."""
    return enrolment.restart(staff, by, enrolment.NEW_LINK, email=email_link)


def change_password(staff: StaffUser, current: str, new: str, keep: StaffSession | None = None) -> int:
    """Change `staff`'s own password. Every session of theirs but `keep` (the one they are using) ends: another
    device may be in someone else's hands. Returns how many ended; raises AccountError naming the field at fault."""
    if not passwords.verify(staff.password_hash, current):
        raise AccountError("Your current password is not correct", "current_password")
    problem = passwords.problem_with(new)
    if problem:
        raise AccountError(problem, "new_password")
    if passwords.verify(staff.password_hash, new):
        raise AccountError("Choose a password different from your current one", "new_password")
    staff.password_hash = passwords.hash_password(new)
    session.commit()
    ended = sessions.end_others(staff, keep)
    audit.record(staff, "account.password_changed", "staff_user", staff.id, detail=f"other sessions ended={ended}")
    return ended
