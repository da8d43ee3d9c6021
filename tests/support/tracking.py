"""Helpers for tracking tests: ask for a link, take it from the outbox, and sign in with it as a browser would."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.db import session
from portal.models import OutboxMessage
from tests.pages import Page, check_page, page

LINK = re.compile(r"https?://[^\s]+/track/sign-in/([A-Za-z0-9_\-]+)")


def links_sent(to: str | None = None) -> list[str]:
    """The sign-in tokens in every sign-in email queued so far (optionally to one address), oldest first."""
    query = select(OutboxMessage).where(OutboxMessage.kind == "track-sign-in").order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.to_address == to)
    return [match.group(1) for row in session.scalars(query) if (match := LINK.search(row.body_text))]


def sign_in_with(client: FlaskClient, token: str) -> Page:
    """Open the emailed link and press Continue, following redirects."""
    confirm = page(client, f"/track/sign-in/{token}")
    response = client.post(f"/track/sign-in/{token}", data={"csrf_token": confirm.csrf_token()}, follow_redirects=True)
    return check_page(response)
