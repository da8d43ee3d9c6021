"""The production stack's mail server: SMTP that requires STARTTLS, saving every message in a mailbox folder.

It stands in for the force's mail relay. A client that has not started TLS is refused at MAIL FROM (aiosmtpd's
`require_starttls`), so a sender that would fall back to plain text delivers nothing. Each message is written as
`<received>-<n>.eml` (written to a temporary name, then renamed, so a reader never sees half a message), with an
`X-Stack-TLS` header first naming the TLS version and cipher it came over.

    python -m deploy.smtp_server --port 2525 --cert cert.pem --key key.pem --mailbox mail/
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import ssl
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  (aiosmtpd's name)
        cipher = (session.ssl or {}).get("cipher") or ("none", "none", 0)
        content = f"X-Stack-TLS: {cipher[1]} {cipher[0]}\r\n".encode() + envelope.content
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{next(self.numbers):05d}.eml"
        temporary = self.folder / f".{name}.tmp"
        temporary.write_bytes(content)
        os.replace(temporary, self.folder / name)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mailbox", type=Path, required=True)
    arguments = parser.parse_args()
    arguments.mailbox.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    controller = Controller(
        Mailbox(arguments.mailbox),
        hostname=arguments.host,
        port=arguments.port,
        tls_context=context,
        require_starttls=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
