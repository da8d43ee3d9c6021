"""Signing a member of staff in through the real pages, for browser tests that need an officer."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page

from e2e.test_report_journeys import heading, next_page
from portal.demo.staff import development_account
from portal.services.staff import accounts
from tests.factories.staff import next_code


def sign_in_officer(page: Page, app: Flask, email: str, name: str, password: str, ward_code: str = "E05013808") -> None:
    """Make the officer for `ward_code` if they do not exist yet (already set up, as the demo accounts are), then
    sign in with password and security code."""
    with app.app_context():
        if accounts.by_email(email) is None:
            development_account(email, name, "officer", password, ward_codes=[ward_code])
    page.goto("/staff/sign-in")
    heading(page, "Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    next_page(page)
    heading(page, "Enter your security code")
    with app.app_context():
        code = next_code(accounts.by_email(email))
    page.get_by_label("Security code").fill(code)
    next_page(page, "Sign in")
    heading(page, name)
