"""Helpers for enrolment tests: read the enrolment links from the emails as the outbox sends them, and follow one
through its two pages as a browser would.

Enrolment links are issued when their email is sent, so the tests run the real sender (tests/support/tracking.py's
`deliver`) and read the links from the bodies as they left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import OutboxMessage, StaffUser
from portal.services.staff import auth, totp
from tests.pages import Page, submit
from tests.support.tracking import addressed_to, deliver, sent_body

LINK = re.compile(r"https?://[^\s]+/staff/enrol/([A-Za-z0-9_\-]+)")
CHOSEN = "my own passphrase, chosen by me"


@contextmanager
def browser(app: Flask, client: FlaskClient | None = None) -> Iterator[FlaskClient]:
    """Someone else's browser (or `client` again), in an application context of its own: the test's own context
    keeps its CSRF token and database session, as another person's requests would not share them."""
    session.commit()
    with app.app_context():
        yield client or app.test_client()


def enrolment_emails(to: str) -> list[OutboxMessage]:
    """Every enrolment email to `to` so far, oldest first (queued or sent)."""
    query = select(OutboxMessage).where(OutboxMessage.kind == "staff-enrolment", addressed_to(to))
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def links_sent(to: str) -> list[str]:
    """The enrolment tokens in every enrolment email to `to` that has left, oldest first, as sent (the outbox sends
    whatever is due first)."""
    deliver()
    sent = [row for row in enrolment_emails(to) if row.status == "sent"]
    return [match.group(1) for row in sent if (match := LINK.search(sent_body(row)))]


def latest_link(to: str) -> str:
    links = links_sent(to)
    assert links, f"no enrolment link was emailed to {to}"
    return links[-1]


def choose_password(client: FlaskClient, token: str, password: str = CHOSEN, **kwargs) -> Page:
    """Open the link and choose a password (typed twice), following redirects."""
    return submit(client, f"/staff/enrol/{token}", {"password": password, "confirm": password}, **kwargs)


def setup_key(page: Page) -> str:
    return page.select_one(".dps-setup-key").get_text(strip=True)


def code_for_key(key: str) -> str:
    """What an authenticator app set up with `key` shows now."""
    step = int(clock.now().timestamp()) // auth.TOTP_INTERVAL
    return pyotp.TOTP(key, interval=auth.TOTP_INTERVAL).generate_otp(step)


def enrol(client: FlaskClient, token: str, password: str = CHOSEN) -> Page:
    """The whole journey: choose a password, add the key shown to an app, enter its code. Returns the page it ends
    on (the staff home, signed in)."""
    authenticator = choose_password(client, token, password, title="Set up your authenticator app")
    return submit(client, "/staff/set-up-authenticator", {"code": code_for_key(setup_key(authenticator))})


def reload(staff: StaffUser) -> StaffUser:
    return session.get(StaffUser, staff.id, populate_existing=True)


def secret(staff: StaffUser) -> str:
    return totp.secret_of(reload(staff))
