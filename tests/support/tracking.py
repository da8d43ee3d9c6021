"""Helpers for tracking tests: ask for a link, have the outbox send it, and sign in with it as a browser would.

Sign-in links are issued when their email is sent, so the tests run the real sender (`outbox.send_due`) with a mail
backend that keeps what it is given, and read the links from the emails as sent."""

from __future__ import annotations

import re
from email.message import EmailMessage

from flask.testing import FlaskClient
from sqlalchemy import or_, select

from portal.db import session
from portal.models import OutboxMessage
from portal.services.mail import outbox
from tests.pages import Page, check_page, page

LINK = re.compile(r"https?://[^\s]+/track/sign-in/([A-Za-z0-9_\-]+)")

# Every email sent by deliver(), by Message-ID: its body as it left, with its link.
_SENT: dict[str, str] = {}


class _Keep:
    def send(self, message: EmailMessage) -> None:
        _SENT[str(message["Message-ID"])] = message.get_content()


def deliver() -> None:
    """Send whatever the outbox holds, as `flask --app portal outbox send` would (needs an application context)."""
    outbox.send_due(backend=_Keep())


def sent_body(message: OutboxMessage) -> str:
    """The body of a queued email as it is sent (delivering the outbox first if it has not gone yet)."""
    if message.message_id not in _SENT:
        deliver()
    return _SENT[message.message_id]


def links_sent(to: str | None = None) -> list[str]:
    """The sign-in tokens in every sign-in email queued so far (optionally to one address), oldest first, as sent."""
    query = select(OutboxMessage).where(OutboxMessage.kind == "track-sign-in").order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(addressed_to(to))
    return [match.group(1) for row in session.scalars(query).all() if (match := LINK.search(sent_body(row)))]


def addressed_to(to: str):
    """Messages to `to`, whether still queued (the address) or sent (only its digest is kept)."""
    return or_(OutboxMessage.to_address == to, OutboxMessage.to_hash == outbox.recipient_hash(to))


def sign_in_with(client: FlaskClient, token: str) -> Page:
    """Open the emailed link and press Continue, following redirects."""
    confirm = page(client, f"/track/sign-in/{token}")
    response = client.post(f"/track/sign-in/{token}", data={"csrf_token": confirm.csrf_token()}, follow_redirects=True)
    return check_page(response)
