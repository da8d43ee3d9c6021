"""Helpers for the stack's browser tests: pages (axe on each), the mailbox, nginx's access log."""

from __future__ import annotations

import email
import email.policy
import re
import time
from email.message import EmailMessage
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.stack import Stack
from e2e.conftest import assert_accessible


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))
    assert_accessible(page)


def press(page: Page, button: str = "Continue") -> None:
    page.get_by_role("button", name=button, exact=True).click()


def choose(page: Page, question: str, option: str) -> None:
    heading(page, question)
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()
    press(page)


def new_page(browser: Browser, base_url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=base_url, ignore_https_errors=True)
    return context, context.new_page()


def mail(stack: Stack) -> list[tuple[Path, EmailMessage]]:
    """Every message the mail server has received, oldest first."""
    messages = []
    for path in sorted(stack.mailbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        messages.append((path, message))
    return messages  # type: ignore[return-value]


def wait_for_mail(stack: Stack, to: str, containing: str, after: set[Path], timeout: float = 20) -> EmailMessage:
    """The first new message to `to` whose body holds `containing`, as the outbox sender delivers it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path, message in mail(stack):
            if path not in after and message["To"] == to and containing in message.get_content():
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email to {to} containing {containing!r} within {timeout} s")


def log_lines(stack: Stack) -> list[str]:
    return stack.access_log.read_text().splitlines() if stack.access_log.exists() else []
