"""Final submission throughput: many reporters pressing "Send report" at once, against a real server process.

    .venv/bin/python benchmarks/submit.py [--clients 32] [--reports 3000] [--database-url URL] [--workers N]

Prepares one complete anti-social behaviour draft per submission (answers walked through the real journey once,
then copied), each with its own signed session cookie and CSRF token, starts gunicorn on the portal, and has
`--clients` threads post every draft's check-answers form once over keep-alive connections. It reports
submissions per second and checks that nothing was lost: reports in the database = successful responses, one
"received" event and one outbox email each. The target is at least 300 submissions/s with 32 clients.
SQLite by default (a temporary file); pass a PostgreSQL URL to measure that (its tables are emptied first).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: import the project from its root.
sys.path.insert(0, str(ROOT))
SECRET = "benchmark-secret-key-benchmark-secret-key"
SLUG = "anti-social-behaviour"
# The tables a run writes, emptied before it.
EMPTIED = (
    "report_count",
    "track_sign_in_token",
    "report_identifier",
    "evidence",
    "outbox_message",
    "case_event",
    "report",
    "report_draft",
)


def make_app(database_url: str):
    os.environ.update(SECRET_KEY=SECRET, DATABASE_URL=database_url, LOG_LEVEL="WARNING")
    from portal import create_app
    from portal.config import config_for

    return create_app(config_for("development"))


def prepare(database_url: str, count: int) -> list[tuple[str, str]]:
    """(cookie, csrf token) for `count` complete drafts."""
    import hashlib
    import secrets

    from flask import g
    from flask import session as cookie_session
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import insert, select, text

    from portal import migrate
    from portal.core import clock
    from portal.db import db, session
    from portal.models import Base, Borough, ReportDraft, Ward
    from portal.services.reporting import drafts
    from tests.factories.reports import asb_pages, walk

    migrate.upgrade(database_url)
    app = make_app(database_url)
    app.config["WTF_CSRF_SSL_STRICT"] = False
    with app.app_context():
        with db.engine.begin() as connection:
            # Reports and everything written with them, counts included. On PostgreSQL TRUNCATE rather than DELETE:
            # deleting leaves dead rows and bloated indexes behind, and each run on the same database got slower.
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(EMPTIED)} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(Base.metadata.sorted_tables):
                    if table.name in EMPTIED:
                        connection.execute(text(f"DELETE FROM {table.name}"))
        ward = session.scalar(select(Ward).where(Ward.code == "E05013808"))
        if ward is None:
            borough = session.scalar(select(Borough).where(Borough.code == "E09000033")) or Borough(
                code="E09000033", name="Westminster", slug="westminster"
            )
            ward = Ward(code="E05013808", name="West End", slug="west-end", borough=borough)
            session.add(ward)
            session.commit()
    client = app.test_client()
    walk(client, SLUG, asb_pages("E05013808"))
    with app.app_context():
        answers = session.scalars(select(ReportDraft.answers)).one()
    serializer = app.session_interface.get_signing_serializer(app)
    rows, sessions = [], []
    with app.test_request_context():
        expires = clock.now() + drafts.lifetime()
        for _ in range(count):
            token = secrets.token_urlsafe(32)
            rows.append(
                {
                    "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                    "report_type": SLUG,
                    "answers": answers,
                    "expires_at": expires,
                    "created_at": clock.now(),
                    "updated_at": clock.now(),
                }
            )
            cookie_session.clear()
            g.pop("csrf_token", None)  # Flask-WTF caches the token per request: each cookie needs its own
            cookie_session[drafts.SESSION_KEY] = {SLUG: drafts.pointer(token)}
            csrf = generate_csrf()
            sessions.append((serializer.dumps(dict(cookie_session)), csrf))
    with app.app_context():
        session.execute(text("DELETE FROM report_draft"))
        session.execute(insert(ReportDraft), rows)
        session.commit()
        db.engine.dispose()
    return sessions


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "MAIL_URL": "file:///tmp/benchmark-outbox",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def request_bytes(cookie: str, csrf: str) -> bytes:
    body = f"csrf_token={csrf}"
    return (
        f"POST /report/{SLUG}/check-answers HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dps_session={cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


def exchange(connection: socket.socket, request: bytes) -> tuple[int, dict[bytes, bytes]]:
    """Send one request and read its whole response: the status and the headers (names in lower case)."""
    connection.sendall(request)
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(b":") for line in lines)}
    while len(body) < int(headers.get(b"content-length", 0)):
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        body += chunk
    return int(status_line.split()[1]), headers


def run(port: int, sessions: list[tuple[str, str]], clients: int) -> tuple[int, int, float]:
    # Requests are encoded beforehand and sent over plain keep-alive sockets: the load generator shares the machine
    # with the server, and http.client's own parsing would take CPU the server could use.
    work = iter([request_bytes(cookie, csrf) for cookie, csrf in sessions])  # shared, taken under the lock
    ok = failed = 0
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        nonlocal ok, failed
        connection = socket.create_connection(("127.0.0.1", port), timeout=60)
        start.wait()
        while True:
            with lock:
                request = next(work, None)
            if request is None:
                connection.close()
                return
            try:
                status, headers = exchange(connection, request)
                success = status == 302 and headers.get(b"location", b"").endswith(b"/confirmation")
                if headers.get(b"connection", b"").lower() == b"close":
                    connection.close()
                    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
            except OSError:
                connection.close()
                connection = socket.create_connection(("127.0.0.1", port), timeout=60)
                success = False
            with lock:
                ok, failed = (ok + 1, failed) if success else (ok, failed + 1)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return ok, failed, time.perf_counter() - began


def count_rows(database_url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from portal.db import db, session
    from portal.models import CaseEvent, OutboxMessage, Report

    app = make_app(database_url)
    with app.app_context():
        counts = {
            "reports": session.scalar(select(func.count(Report.id))),
            "events": session.scalar(select(func.count(CaseEvent.id))),
            "emails": session.scalar(select(func.count(OutboxMessage.id))),
            "distinct_drafts": session.scalar(select(func.count(func.distinct(Report.draft_id)))),
        }
        db.engine.dispose()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--reports", type=int, default=3000)
    # A submission is CPU work in Python: one single-threaded worker per core does the most with the fewest GIL and
    # lock hand-overs. On PostgreSQL too, when the database shares the machine: more workers only take turns on the
    # same cores (measured: 2 workers 317-325/s, 3 302/s, 4 270/s on two cores).
    parser.add_argument("--workers", type=int, help="default: one per core")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    temporary = None
    url = args.database_url
    if not url:
        temporary = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(temporary.name) / 'benchmark.sqlite3'}"
    cores = os.cpu_count() or 1
    workers = args.workers or cores
    print(f"Preparing {args.reports} drafts on {url.split('://')[0]}...")
    sessions = prepare(url, args.reports)
    port = free_port()
    server = start_server(url, port, workers, args.threads)
    try:
        ok, failed, seconds = run(port, sessions, args.clients)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    counts = count_rows(url)
    print(f"{args.clients} clients, gunicorn {workers} workers x {args.threads} threads, {cores} cores")
    print(f"{ok} submitted, {failed} failed in {seconds:.2f}s: {ok / seconds:.0f} submissions/s")
    print(f"database: {counts}")
    lost = ok - counts["reports"]
    consistent = counts["reports"] == counts["events"] == counts["emails"] == counts["distinct_drafts"]
    print("zero lost" if lost == 0 and consistent else f"MISMATCH: lost={lost}")
    if temporary:
        temporary.cleanup()


if __name__ == "__main__":
    main()
