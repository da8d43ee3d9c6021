"""Sign-in links for emails: the confirmation email and every update email carry one, so the victim need not type
their reference. The link carries only the token, in its path.

A queued email holds PLACEHOLDER where its link goes, and names the report (`outbox.enqueue(sign_in_for=...)`); the
outbox sender issues the token as it sends (`fill`). No usable token is ever stored with an email, and the link's
validity starts when the email leaves, however long it waited in the outbox."""

from __future__ import annotations

from portal.models import Report
from portal.services.mail import compose
from portal.services.tracking import tokens

PLACEHOLDER = "[[sign-in link]]"


def fill(body: str, report: Report) -> str:
    """`body` with a fresh link for `report` where its placeholder is. The token joins the caller's transaction."""
    return body.replace(PLACEHOLDER, sign_in_link(report)) if PLACEHOLDER in body else body


def sign_in_link(report: Report) -> str:
    """A fresh single-use sign-in URL for `report`. The token row joins the caller's transaction: commit it with the
    email that carries the link."""
    token = tokens.issue(report)
    return compose.public_url(f"/track/sign-in/{token}")
