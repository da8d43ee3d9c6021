"""Production never sends mail in plain text: STARTTLS is required, not used only when the server offers it. A
server that does not offer it gets nothing (the message waits in the outbox); one that does gets it encrypted."""

from __future__ import annotations

import ssl

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.db import session
from portal.models import OutboxMessage
from portal.services.mail import backends, outbox
from tests.integration.test_outbox import free_port
from tests.support.tls import self_signed


class Recorder:
    def __init__(self) -> None:
        self.received: list[tuple[bytes, bool]] = []  # (message, whether it came over TLS)

    async def handle_DATA(self, server, session_, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.received.append((envelope.content, session_.ssl is not None))
        return "250 OK"


@pytest.fixture
def plain_server():
    """An SMTP server that does not offer STARTTLS."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    controller.stop()


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An SMTP server that offers and requires STARTTLS, with a self-signed certificate the sender trusts."""
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how the outbox sender is told to trust it
    recorder = Recorder()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True
    )
    controller.start()
    yield recorder, controller.port
    controller.stop()


def queue_one(app) -> None:
    with app.app_context():
        outbox.enqueue("test", "resident@example.com", "Your report", "Body")
        session.commit()


def test_required_starttls_sends_nothing_to_a_server_that_does_not_offer_it(app, monkeypatch, plain_server):
    recorder, port = plain_server
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "MAIL_REQUIRE_TLS", True)
    queue_one(app)
    with app.app_context():
        assert outbox.send_due().failed == 1
        row = session.scalar(select(OutboxMessage))
        assert (row.status, row.last_error) == ("pending", "SMTPNotSupportedError")
    assert recorder.received == []


def test_outside_production_starttls_is_used_only_when_offered(app, monkeypatch, plain_server):
    recorder, port = plain_server
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    queue_one(app)
    with app.app_context():
        assert outbox.send_due().sent == 1
    [(_message, encrypted)] = recorder.received
    assert not encrypted


def test_required_starttls_delivers_encrypted(app, monkeypatch, tls_server):
    recorder, port = tls_server
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "MAIL_REQUIRE_TLS", True)
    queue_one(app)
    with app.app_context():
        assert outbox.send_due().sent == 1
    [(message, encrypted)] = recorder.received
    assert encrypted and b"Subject: Your report" in message


def test_a_certificate_the_sender_does_not_trust_is_refused(app, monkeypatch, tls_server, tmp_path):
    recorder, port = tls_server
    (tmp_path / "other").mkdir()
    other, _key = self_signed(tmp_path / "other")
    monkeypatch.setenv("SSL_CERT_FILE", str(other))  # trusts a different certificate only
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "MAIL_REQUIRE_TLS", True)
    queue_one(app)
    with app.app_context():
        assert outbox.send_due().failed == 1
        assert session.scalar(select(OutboxMessage.last_error)) == "SSLCertVerificationError"
    assert recorder.received == []


def test_production_urls_make_starttls_required():
    assert backends.backend_from_url("smtp://mail.internal:587", require_tls=True).tls == backends.STARTTLS_REQUIRED
    assert backends.backend_from_url("smtp://mail.internal:587?starttls=required").tls == backends.STARTTLS_REQUIRED
    assert backends.backend_from_url("smtp://mail.internal:587").tls == "starttls"
    with pytest.raises(ValueError, match="MAIL_URL must use TLS"):
        backends.backend_from_url("smtp://mail.internal:25?starttls=no", require_tls=True)
