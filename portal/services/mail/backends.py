"""Mail delivery backends, chosen by MAIL_URL:

- ``smtp://user:password@host:587`` (STARTTLS when the server offers it; ``?starttls=required`` to refuse to send
  when it does not, as production always does (MAIL_REQUIRE_TLS); ``?starttls=no`` to never use it),
- ``smtps://user:password@host:465`` (TLS from the start),
- ``file:///path/to/dir`` writes each message as an ``.eml`` file (the development default: instance/outbox).
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from portal.models import OutboxMessage

SMTP_TIMEOUT = 20
# STARTTLS that fails rather than falls back to plain text when the server does not offer it: opportunistic STARTTLS
# can be stripped by anyone on the path, who then reads every sign-in link.
STARTTLS_REQUIRED = "starttls-required"


class Backend(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpBackend:
    def __init__(self, host: str, port: int, username: str | None, password: str | None, tls: str) -> None:
        self.host, self.port, self.username, self.password, self.tls = host, port, username, password, tls

    def send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
        with client:
            client.ehlo()
            if self.tls == "starttls" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif self.tls == STARTTLS_REQUIRED:
                if not client.has_extn("starttls"):
                    raise smtplib.SMTPNotSupportedError("The mail server does not offer STARTTLS, which is required.")
                client.starttls(context=context)
                client.ehlo()
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


class FileBackend:
    """Writes <message id>.eml. Sending the same message twice rewrites the same file, as a mail server would
    recognise the same Message-ID."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:32] + ".eml"
        temporary = self.directory / f".{name}.tmp"
        temporary.write_bytes(bytes(message))
        os.replace(temporary, self.directory / name)


def backend_from_url(url: str, require_tls: bool = False) -> Backend:
    """The backend MAIL_URL names. `require_tls` (production) makes smtp:// STARTTLS required, and refuses a URL
    that would send in plain text."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return FileBackend(Path(unquote(parts.path)))
    if parts.scheme in ("smtp", "smtps"):
        options = parse_qs(parts.query)
        if parts.scheme == "smtps":
            tls = "ssl"
        else:
            starttls = options.get("starttls", ["yes"])[0].lower()
            tls = "none" if starttls in ("no", "false", "0") else "starttls"
            if starttls == "required" or (require_tls and tls == "starttls"):
                tls = STARTTLS_REQUIRED
        if require_tls and tls == "none":
            raise ValueError("MAIL_URL must use TLS: smtps://, or smtp:// without starttls=no.")
        return SmtpBackend(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if parts.scheme == "smtps" else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=tls,
        )
    raise ValueError("MAIL_URL must start smtp://, smtps:// or file://")


def requires_tls(url: str) -> bool:
    """Whether mail sent through MAIL_URL is encrypted on its way to the server (smtps://, or smtp:// with STARTTLS,
    which production makes required)."""
    try:
        backend = backend_from_url(url, require_tls=True)
    except ValueError:
        return False
    return isinstance(backend, SmtpBackend)


def build(row: OutboxMessage, sender: str, body: str | None = None) -> EmailMessage:
    """The email for an outbox row; `body` replaces the stored body (the sender's, with its sign-in link)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(row.created_at if row.created_at.tzinfo else row.created_at.astimezone())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body_text if body is None else body)
    return message


@lru_cache(maxsize=8)  # one setting, parsed for every email queued
def sender_domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"
