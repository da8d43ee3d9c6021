"""Staff sign in with a password and a TOTP code, see the staff home, and sign out; every page passes axe."""

import re
import time

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from portal.core import clock
from portal.demo.staff import DEMO_PASSWORD, development_account
from portal.services.staff import accounts, auth, roles, totp

ADMIN_EMAIL = "e2e.admin@example.org"
ADMIN_PASSWORD = "an administrator passphrase"


def code_for(app: Flask, email: str) -> str:
    """What the person's authenticator shows: the current code, or the next one if the current one was just used.

    Several browser tests sign the same demo account in, so within one 30-second step the next code may be used too;
    the server refuses a code further ahead than its drift window, so wait until the code is inside it."""
    with app.app_context():
        staff = accounts.by_email(email)
        now = clock.now().timestamp()
        step = max(int(now) // auth.TOTP_INTERVAL, (staff.totp_last_step or -1) + 1)
        accepted_from = (step - auth.TOTP_DRIFT_STEPS) * auth.TOTP_INTERVAL
        if accepted_from > now:
            time.sleep(accepted_from - now)
        return pyotp.TOTP(totp.secret_of(staff), interval=auth.TOTP_INTERVAL).generate_otp(step)


@pytest.fixture(scope="module", autouse=True)
def demo_accounts(live_app: Flask) -> None:
    """The demo officer and supervisor from e2e/seed.py; made here too if the seed ran without the ward set."""
    from sqlalchemy import select

    from portal.db import session
    from portal.demo.staff import DEMO_WARD, demo_staff
    from portal.models import Borough, Ward

    with live_app.app_context():
        if accounts.by_email("officer.demo@example.org") is None:
            if session.scalars(select(Ward).where(Ward.code == DEMO_WARD)).first() is None:
                borough = session.scalars(select(Borough).where(Borough.code == "E09000033")).first()
                borough = borough or Borough(code="E09000033", name="Westminster", slug="westminster")
                session.add(Ward(code=DEMO_WARD, name="West End", slug="west-end", borough=borough))
                session.commit()
            demo_staff()


def sign_in(page: Page, app: Flask, email: str, password: str) -> None:
    page.goto("/staff/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(code_for(app, email))
    page.get_by_role("button", name="Sign in").click()


def test_an_officer_signs_in_with_a_code_sees_their_home_and_signs_out(page: Page, live_app: Flask):
    email = "officer.demo@example.org"
    sign_in(page, live_app, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Officer")
    expect(page.get_by_role("main").get_by_text("West End, Westminster")).to_be_visible()
    assert_accessible(page)

    # With JavaScript the timeout notice waits until shortly before the end; the page stays usable.
    expect(page.locator("[data-dps-session-timeout]")).to_be_hidden()

    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert_accessible(page)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your current password")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in$"))


def test_a_wrong_code_shows_an_error_summary(page: Page, live_app: Flask):
    email = "supervisor.demo@example.org"
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    right = code_for(live_app, email)
    page.get_by_label("Security code").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The security code is not correct")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)


@pytest.fixture(scope="module")
def admin(live_app: Flask) -> str:
    with live_app.app_context():
        roles.ensure_roles()
        if accounts.by_email(ADMIN_EMAIL) is None:
            development_account(ADMIN_EMAIL, "Ada Admin", "admin", ADMIN_PASSWORD)
    return ADMIN_EMAIL


def test_the_administrators_pages_are_accessible(page: Page, live_app: Flask, admin: str):
    sign_in(page, live_app, admin, ADMIN_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Admin")
    page.get_by_role("link", name="Staff accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    assert_accessible(page)

    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a staff account")
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the person's full name")
    assert_accessible(page)

    page.goto("/staff/accounts")
    page.get_by_role("link", name="Demo Officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Officer")
    assert_accessible(page)

    page.goto("/staff/")
    page.get_by_role("main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_role("table")).to_contain_text("sign_in")
    assert_accessible(page)


def test_the_timeout_warning_appears_before_the_end_and_stay_signed_in_keeps_the_page(page: Page, live_app: Flask):
    page.clock.install()
    sign_in(page, live_app, "supervisor.demo@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Supervisor")
    notice = page.locator("[data-dps-session-timeout]")
    expect(notice).to_be_hidden()

    page.clock.fast_forward("26:00")  # 4 minutes before the 30-minute idle timeout
    expect(page.get_by_role("alert")).to_contain_text("You will be signed out in 4 minutes")
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    expect(notice).to_contain_text("You are still signed in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Supervisor")


def test_when_the_session_has_ended_the_page_moves_to_sign_in(page: Page, live_app: Flask, admin: str):
    from datetime import timedelta

    from sqlalchemy import update

    from portal.db import session
    from portal.models import StaffSession

    page.clock.install()
    sign_in(page, live_app, admin, ADMIN_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Admin")
    with live_app.app_context():  # the server's side of 31 idle minutes
        long_ago = clock.now() - timedelta(minutes=31)
        session.execute(update(StaffSession).where(StaffSession.ended_at.is_(None)).values(last_seen_at=long_ago))
        session.commit()
    page.clock.fast_forward("31:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("you had not done anything for a while")).to_be_visible()
    assert_accessible(page)
