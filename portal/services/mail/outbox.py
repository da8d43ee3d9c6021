"""The email outbox. Messages are written in the same transaction as the change they report, so a report is never
saved without its email, and sent afterwards by `flask --app portal outbox send` (once, or `--loop`).

Delivery is at least once: a crash after sending but before marking the row sent means it is sent again, with the
same Message-ID, so the receiving side can recognise the repeat. Failures are retried with exponential backoff.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from portal.core import clock, tokens
from portal.db import session
from portal.db_writes import insert_rows
from portal.models import OutboxMessage
from portal.services.mail import backends, links
from portal.services.mail.links import DRAFT_RESUME, STAFF_ENROLMENT, TRACK_SIGN_IN

__all__ = ["DRAFT_RESUME", "STAFF_ENROLMENT", "TRACK_SIGN_IN", "enqueue", "recipient_hash", "send_due"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)
# How long a sender holds a message it is sending before another sender may take it over (it crashed, say).
LEASE = timedelta(minutes=5)


def enqueue(
    kind: str,
    to_address: str,
    subject: str,
    body_text: str,
    sign_in_for: int | None = None,
    link: tuple[str, int] | None = None,
) -> str:
    """Add a message to the current transaction; the caller commits it together with its cause. Returns its
    Message-ID. `link`: the kind of link and the row it is for, issued where the body has compose.LINK when the
    message is sent (services/mail/links.py); `sign_in_for=report_id` is short for a victim's sign-in link."""
    if sign_in_for is not None:
        link = (TRACK_SIGN_IN, sign_in_for)
    domain = backends.sender_domain(current_app.config["MAIL_FROM"])
    message_id = f"<{uuid.uuid4().hex}@{domain}>"
    insert_rows(
        OutboxMessage,
        [
            {
                "message_id": message_id,
                "kind": kind,
                "to_address": to_address,
                "subject": subject,
                "body_text": body_text,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": clock.now(),
                "link_kind": link[0] if link else None,
                "link_for_id": link[1] if link else None,
            }
        ],
    )
    return message_id


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def send_due(backend: backends.Backend | None = None, now: datetime | None = None, limit: int = 100) -> SendResult:
    """Send every pending message that is due. Safe to run in several processes at once."""
    backend = backend or backends.backend_from_url(
        current_app.config["MAIL_URL"], require_tls=current_app.config["MAIL_REQUIRE_TLS"]
    )
    sender = current_app.config["MAIL_FROM"]
    now = now or clock.now()
    due = session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    session.commit()
    result = SendResult()
    for message_id in due:
        row = _claim(message_id, now)
        if row is None:
            continue
        try:
            backend.send(backends.build(row, sender, body=_body_to_send(row)))
        except Exception as error:  # noqa: BLE001 — any failure of the mail server is retried later
            _failed(row, now, error)
            result.failed += 1
        else:
            row.status, row.sent_at, row.last_error = "sent", clock.now(), None
            _blank(row)
            session.commit()
            result.sent += 1
    return result


def _body_to_send(row: OutboxMessage) -> str:
    """The body as sent: with its link issued now, committed before the email leaves so the link works when it
    arrives. A resend issues another link (the Message-ID stays the same)."""
    if row.link_kind is None:
        return row.body_text
    body = links.fill(row.body_text, row.link_kind, row.link_for_id)
    session.commit()
    return body


def recipient_hash(address: str) -> str:
    """The keyed digest a sent message keeps in place of its address."""
    return tokens.keyed(address.strip().lower())


def _blank(row: OutboxMessage) -> None:
    """A sent message keeps its Message-ID, kind, status, times and the digest of its address; its address,
    subject and body (personal data, no longer needed) are blanked."""
    row.to_hash = recipient_hash(row.to_address)
    row.to_address, row.subject, row.body_text = "", "", ""


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the lease on one message with a conditional UPDATE: only one sender can win it."""
    claimed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE, attempts=OutboxMessage.attempts + 1)
        # The row is read afresh below; matching the condition against objects already in the session would compare
        # SQLite's naive times with an aware one.
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if not claimed:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def _failed(row: OutboxMessage, now: datetime, error: Exception) -> None:
    # The error's type only: a mail server's message may echo the recipient's address.
    row.last_error = type(error).__name__
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        log.error("outbox message %s failed after %s attempts", row.id, row.attempts)
    else:
        row.next_attempt_at = now + backoff(row.attempts)
        log.warning("outbox message %s failed (attempt %s): %s", row.id, row.attempts, type(error).__name__)
    session.commit()
