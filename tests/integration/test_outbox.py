"""The email outbox, delivered to a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.core import clock
from portal.core.clock import aware
from portal.db import session
from portal.models import OutboxMessage
from portal.models.tracking import TrackSignInToken
from portal.services.mail import backends, outbox
from portal.services.tracking import links
from tests.factories.reports import asb_pages, db_fixture, send, walk, ward_fixture  # noqa: F401  (fixtures)


class Recorder:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.fail_next = 0

    async def handle_DATA(self, server, session_, envelope):  # noqa: N802  (aiosmtpd's hook name)
        if self.fail_next:
            self.fail_next -= 1
            return "451 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class _Keep:
    """A mail backend that keeps what it is given."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    previous = app.config["MAIL_URL"]
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{controller.port}?starttls=no"
    yield recorder
    app.config["MAIL_URL"] = previous
    controller.stop()


def rows(db) -> list[OutboxMessage]:
    return db(lambda: session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_a_crash_between_the_reports_commit_and_the_send_still_delivers_on_the_next_run(app, client, ward, db, smtp):
    # Submission commits the report with its pending email; nothing is sent in the request, so a crash here
    # loses nothing: the next `outbox send` delivers it.
    walk(client, "anti-social-behaviour", asb_pages(ward.code))
    send(client, "anti-social-behaviour")
    assert [row.status for row in rows(db)] == ["pending"] and smtp.messages == []
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "Sent 1, failed 0." in result.output
    [delivered] = smtp.messages
    [row] = rows(db)
    assert row.status == "sent" and row.sent_at is not None
    assert delivered["Message-ID"] == row.message_id and delivered["To"] == "sam@example.com"
    assert "has been received" in delivered["Subject"]
    assert app.test_cli_runner().invoke(args=["outbox", "send"]).output.strip() == "Sent 0, failed 0."
    assert len(smtp.messages) == 1


def test_the_sign_in_link_is_issued_when_the_email_is_sent_however_long_it_waited(
    app, client, ward, db, smtp, monkeypatch
):
    walk(client, "anti-social-behaviour", asb_pages(ward.code))
    send(client, "anti-social-behaviour")
    # Queued: a placeholder where the link goes, and no token yet.
    [row] = rows(db)
    assert links.PLACEHOLDER in row.body_text and "/track/sign-in/" not in row.body_text
    assert db(lambda: session.scalar(select(func.count(TrackSignInToken.id)))) == 0
    # Sent two hours later (a mail server outage, say): the link is issued now, valid for its full half hour.
    later = clock.now() + timedelta(hours=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    with app.app_context():
        assert outbox.send_due(now=later).sent == 1
    [delivered] = smtp.messages
    body = delivered.get_payload(decode=True).decode()
    assert links.PLACEHOLDER not in body and "/track/sign-in/" in body
    token = db(lambda: session.scalars(select(TrackSignInToken)).one())
    assert aware(token.created_at) == later and aware(token.expires_at) == later + timedelta(minutes=30)


def test_a_resend_after_a_crash_mid_send_carries_the_same_message_id(app, db, smtp):
    with app.app_context():
        outbox.enqueue("test", "someone@example.com", "Hello", "Body")
        session.commit()
        real = backends.backend_from_url(app.config["MAIL_URL"])

        class CrashAfterSending:
            def send(self, message: EmailMessage) -> None:
                real.send(message)
                raise SystemExit("the sender died before marking the message sent")

        with pytest.raises(SystemExit):
            outbox.send_due(backend=CrashAfterSending())
        # Within the lease no other sender takes it; after the lease it is sent again.
        assert outbox.send_due().sent == 0
        assert outbox.send_due(now=clock.now() + outbox.LEASE + timedelta(seconds=1)).sent == 1
    first, second = smtp.messages
    assert first["Message-ID"] == second["Message-ID"] == rows(db)[0].message_id


def test_failures_are_retried_with_backoff_then_given_up(app, db, smtp):
    smtp.fail_next = 1
    with app.app_context():
        outbox.enqueue("test", "someone@example.com", "Hello", "Body")
        session.commit()
        started = clock.now()
        assert outbox.send_due(now=started).failed == 1
        [row] = rows(db)
        assert row.status == "pending" and row.attempts == 1 and row.last_error == "SMTPDataError"
        assert outbox.send_due(now=started + timedelta(seconds=10)).sent == 0  # not due yet
        assert outbox.send_due(now=started + outbox.backoff(1) + timedelta(seconds=1)).sent == 1
    assert len(smtp.messages) == 1
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(20) == outbox.BACKOFF_MAX

    with app.app_context():
        outbox.enqueue("test", "someone@example.com", "Hello", "Body")
        session.commit()
        unreachable = backends.backend_from_url("smtp://127.0.0.1:9")
        now = clock.now()
        for _ in range(outbox.MAX_ATTEMPTS):
            outbox.send_due(backend=unreachable, now=now)
            now += outbox.BACKOFF_MAX + outbox.LEASE
    assert rows(db)[-1].status == "failed"


def test_file_backend_writes_one_eml_per_message(app, db, tmp_path: Path):
    with app.app_context():
        outbox.enqueue("test", "someone@example.com", "Hello", "Body with <b>markup</b>")
        session.commit()
        backend = backends.backend_from_url(f"file://{tmp_path}")
        again = backends.build(rows(db)[0], app.config["MAIL_FROM"])  # the same message, to send again
        assert outbox.send_due(backend=backend).sent == 1
        backend.send(again)
    [written] = list(tmp_path.glob("*.eml"))
    parsed = email.message_from_bytes(written.read_bytes())
    assert parsed["Message-ID"] == rows(db)[0].message_id and parsed["Subject"] == "Hello"
    assert "Body with <b>markup</b>" in parsed.get_payload(decode=True).decode()


def test_mail_url_schemes():
    smtps = backends.backend_from_url("smtps://user%40x:p%40ss@mail.example.org")
    assert (smtps.host, smtps.port, smtps.username, smtps.password, smtps.tls) == (
        "mail.example.org",
        465,
        "user@x",
        "p@ss",
        "ssl",
    )
    smtp = backends.backend_from_url("smtp://mail.example.org:587")
    assert (smtp.port, smtp.tls) == (587, "starttls")
    with pytest.raises(ValueError):
        backends.backend_from_url("http://example.org")


def test_development_default_writes_to_the_instance_outbox(tmp_path):
    from portal.config import DevelopmentConfig

    config = DevelopmentConfig()
    config.MAIL_URL = None
    config.finalise(tmp_path)
    assert config.MAIL_URL == f"file://{tmp_path / 'outbox'}"


def test_a_sent_message_keeps_its_message_id_status_and_address_digest_but_not_its_content(app, db):
    with app.app_context():
        outbox.enqueue("test", "Someone@Example.com", "Your report HKR7-M3XQ-9TB4", "Dear Sam, the details")
        session.commit()
        outbox.send_due(backend=_Keep())
    [row] = rows(db)
    assert row.status == "sent" and row.message_id.startswith("<")
    assert (row.to_address, row.subject, row.body_text) == ("", "", "")
    with app.app_context():
        assert row.to_hash == outbox.recipient_hash("someone@example.com")
