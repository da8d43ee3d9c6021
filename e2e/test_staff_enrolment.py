"""An administrator creates an officer's account without any password; the officer follows the link emailed to them,
chooses their own password, sets up their authenticator app and is signed in; the link then no longer works. axe
runs on every page visited."""

from __future__ import annotations

import pyotp
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from e2e.test_staff_sign_in import sign_in
from portal.core import clock
from portal.demo.staff import development_account
from portal.services.staff import accounts, auth
from tests.support.enrolment import latest_link

ADMIN_EMAIL = "e2e.enrolment.admin@example.org"
ADMIN_PASSWORD = "an administrator passphrase for enrolment"
NEWCOMER = "e2e.newcomer@example.org"
CHOSEN = "a passphrase only the newcomer knows"


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def code_shown_by_an_app_set_up_with(key: str) -> str:
    return pyotp.TOTP(key, interval=auth.TOTP_INTERVAL).generate_otp(int(clock.now().timestamp()) // auth.TOTP_INTERVAL)


def test_a_new_officer_enrols_through_the_emailed_link(page: Page, browser: Browser, base_url: str, live_app: Flask):
    with live_app.app_context():
        if accounts.by_email(ADMIN_EMAIL) is None:
            development_account(ADMIN_EMAIL, "Eda Enrolment Admin", "admin", ADMIN_PASSWORD)

    # The administrator creates the account: there is no password to type, for anyone else.
    sign_in(page, live_app, ADMIN_EMAIL, ADMIN_PASSWORD)
    heading(page, "Eda Enrolment Admin")
    page.get_by_role("link", name="Staff accounts").click()
    page.get_by_role("button", name="Create an account").click()
    heading(page, "Create a staff account")
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_role("radio", name="Officer").check()
    page.get_by_label("Ward codes (officers)").fill("E05013808")
    page.get_by_role("button", name="Create account").click()
    heading(page, "Nia Newcomer")
    expect(page.get_by_role("region", name="Messages")).to_contain_text("We are emailing them a link")
    expect(page.get_by_role("button", name="Send a new enrolment link")).to_be_visible()
    assert_accessible(page)

    with live_app.app_context():
        link = f"/staff/enrol/{latest_link(NEWCOMER)}"  # the outbox sends the email; the link is issued then

    # The newcomer, in a browser of their own.
    context = browser.new_context(base_url=base_url)
    newcomer = context.new_page()
    newcomer.goto(link)
    heading(newcomer, "Set up your staff account")
    assert_accessible(newcomer)
    newcomer.get_by_label("Create a password").fill(CHOSEN)
    newcomer.get_by_label("Confirm your password").fill(CHOSEN + " but different")
    newcomer.get_by_role("button", name="Continue").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("The passwords do not match")
    assert_accessible(newcomer)
    newcomer.get_by_label("Create a password").fill(CHOSEN)
    newcomer.get_by_label("Confirm your password").fill(CHOSEN)
    newcomer.get_by_role("button", name="Continue").click()

    heading(newcomer, "Set up your authenticator app")
    assert_accessible(newcomer)
    key = newcomer.get_by_role("listitem").filter(has_text="Enter this setup key").get_by_role("strong").inner_text()
    newcomer.get_by_label("Security code").fill(
        "000000" if code_shown_by_an_app_set_up_with(key) != "000000" else "111111"
    )
    newcomer.get_by_role("button", name="Finish setting up").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("not correct")
    assert_accessible(newcomer)
    newcomer.get_by_label("Security code").fill(code_shown_by_an_app_set_up_with(key))
    newcomer.get_by_role("button", name="Finish setting up").click()
    heading(newcomer, "Nia Newcomer")
    expect(newcomer.get_by_role("region", name="Messages")).to_contain_text("Your account is set up")
    assert_accessible(newcomer)

    # The link has done its work: opened again, it says so and asks for nothing.
    newcomer.goto(link)
    heading(newcomer, "This link does not work")
    expect(newcomer.locator("input[type=password]")).to_have_count(0)
    assert_accessible(newcomer)
    context.close()

    page.reload()
    expect(page.get_by_role("button", name="Reset password and authenticator app")).to_be_visible()
