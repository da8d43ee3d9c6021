"""Demo staff accounts for `make run`: an officer for one real ward and a supervisor for its borough.

They are the one place accounts get a password someone else chose: a known password, printed for trying the portal,
refused in production (enrolment.enrol_for_development). Real accounts enrol through their emailed link."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from portal.db import session
from portal.models.staff import StaffUser
from portal.models.ward import Ward
from portal.services.staff import accounts, enrolment, roles, totp

DEMO_WARD = "E05013808"  # West End, Westminster (E09000033)
DEMO_PASSWORD = "demo password for development only"
DEMO_ACCOUNTS = (
    ("officer.demo@example.org", "Demo Officer", "officer"),
    ("supervisor.demo@example.org", "Demo Supervisor", "supervisor"),
)


def demo_staff() -> str:
    if current_app.config["ENV_NAME"] == "production":
        return "skipped: demo accounts are never created in production."
    ward = session.scalars(select(Ward).where(Ward.code == DEMO_WARD)).first()
    if ward is None:
        return f"skipped: ward {DEMO_WARD} (West End) is not in the database yet; load the wards first, then run again."
    roles.ensure_roles()
    lines = []
    for email, name, role in DEMO_ACCOUNTS:
        staff = accounts.by_email(email) or development_account(
            email,
            name,
            role,
            DEMO_PASSWORD,
            ward_codes=[ward.code] if role == "officer" else [],
            borough_codes=[ward.borough.code] if role == "supervisor" else [],
        )
        lines.append(f"  {staff.role.name} {email}, TOTP setup key {totp.secret_of(staff)}")
    return "\n".join(
        [
            f"demo accounts for {ward.name} ({ward.borough.name}); sign in at /staff/sign-in",
            *lines,
            f'  password for both: "{DEMO_PASSWORD}"',
            "  security code: add the setup key to an authenticator app, or run",
            f"  flask --app portal staff totp --email {DEMO_ACCOUNTS[0][0]}",
        ]
    )


def development_account(
    email: str,
    name: str,
    role: str,
    password: str,
    *,
    ward_codes: list[str] | tuple[str, ...] = (),
    borough_codes: list[str] | tuple[str, ...] = (),
) -> StaffUser:
    """An account that has already enrolled, with `password` and its authenticator app set up (development and
    browser tests only; refused in production). No enrolment email is sent."""
    roles.ensure_roles()
    staff = accounts.create(
        email=email, name=name, role_code=role, ward_codes=ward_codes, borough_codes=borough_codes, email_link=False
    )
    enrolment.enrol_for_development(staff, password)
    return staff
