"""Staff factories: make_staff("officer", wards=[ward]) and login_as(client, staff)."""

from __future__ import annotations

import itertools
from functools import cache

import pyotp
from flask import current_app
from flask.testing import FlaskClient

from portal.db import session
from portal.models import Borough, Role, StaffUser, Ward
from portal.services.staff import passwords, roles, sessions, totp

PASSWORD = "correct horse battery staple 42"
_counter = itertools.count(1)


@cache
def _password_hash() -> str:
    # argon2 is deliberately slow: hash the shared factory password once per test run.
    return passwords.hash_password(PASSWORD)


def make_staff(
    role: str = "officer",
    *,
    wards: list[Ward] | None = None,
    boroughs: list[Borough] | None = None,
    name: str | None = None,
    email: str | None = None,
    active: bool = True,
    totp_confirmed: bool = True,
) -> StaffUser:
    if session.get(Role, role) is None:
        roles.ensure_roles()
    n = next(_counter)
    staff = StaffUser(
        email=(email or f"staff{n}@example.org").lower(),
        name=name or f"Test Staff {n}",
        role=session.get(Role, role),
        password_hash=_password_hash(),
        totp_secret="",
        wards=list(wards or []),
        boroughs=list(boroughs or []),
        active=active,
    )
    if totp_confirmed:
        from portal.core import clock

        staff.totp_confirmed_at = clock.now()
    session.add(staff)
    session.flush()
    totp.set_secret(staff, pyotp.random_base32())
    session.commit()
    return staff


def login_as(client: FlaskClient, staff: StaffUser) -> str:
    """Give `client` a fully signed-in session for `staff` (both factors done), as signing in would. Returns the
    session token the cookie carries."""
    _row, token = sessions.create(staff, mfa_completed=True)
    client.set_cookie(current_app.config["STAFF_SESSION_COOKIE_NAME"], token)
    return token


def next_code(staff: StaffUser) -> str:
    """A valid code the account has not used yet: its app's current code, or the next one if that was just used."""
    from portal.core import clock
    from portal.services.staff import auth

    staff = session.get(StaffUser, staff.id, populate_existing=True)
    step = clock.now().timestamp() // auth.TOTP_INTERVAL
    if staff.totp_last_step is not None and staff.totp_last_step >= step:
        step = staff.totp_last_step + 1
    return pyotp.TOTP(totp.secret_of(staff)).generate_otp(int(step))


def sign_in(client: FlaskClient, staff: StaffUser, password: str = PASSWORD) -> None:
    """Sign in through the two real forms (password, then code), as a person would."""
    from tests.pages import submit

    submit(client, "/staff/sign-in", {"email": staff.email, "password": password}, title="Enter your security code")
    submit(client, "/staff/sign-in/code", {"code": next_code(staff)}, title="Staff home")


def press(client: FlaskClient, page_url: str, action: str, data: dict[str, str] | None = None, status: int = 200):
    """Press a button on `page_url` whose form posts to `action` (sign out, disable an account...), following
    redirects; returns the resulting Page."""
    from tests.pages import check_page, page

    token = page(client, page_url).csrf_token()
    response = client.post(action, data={"csrf_token": token, **(data or {})}, follow_redirects=True)
    return check_page(response, status=status)
