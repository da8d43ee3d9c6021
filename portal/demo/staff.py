"""Demo staff accounts for `make run`: an officer for one real ward and a supervisor for its borough."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from portal.db import session
from portal.models.ward import Ward
from portal.services.staff import accounts, roles, totp

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
        staff = accounts.by_email(email) or accounts.create(
            email=email,
            name=name,
            role_code=role,
            password=DEMO_PASSWORD,
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
