"""Final submission throughput: many reporters pressing "Send report" at once, against the bare app in the same run.

    .venv/bin/python benchmarks/submit.py [--runs 3] [--clients 32] [--reports 3000] [--database-url URL]

Each run starts from an empty database (a temporary SQLite file, or a private PostgreSQL database beside
--database-url, dropped afterwards) holding only the migrations and the real wards, loaded through
`flask --app portal`. It serves the portal with the harness's production gunicorn settings, walks one anti-social
behaviour report over HTTP as a browser would, copies that draft `--reports` times in SQL (each copy with its own
token in its own signed session cookie), and has `--clients` keep-alive connections press "Send report" once for
every draft. Then it checks that nothing was lost: reports in the database = successful responses, with one
"received" event, one outbox email and one distinct draft each. The bare app is measured with wrk in every run
(benchmarks/harness.py), so submissions are also given as a ratio to it.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import re
import secrets
import socket
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# Run as a script: the harness sits beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

SLUG = "anti-social-behaviour"
WARD = "E05013808"  # West End: any real ward would do; one ward, as every earlier run of this benchmark used
YESTERDAY = date.today() - timedelta(days=1)
# The anti-social behaviour journey, page by page, as a resident answers it (the form fields are the public interface).
JOURNEY: list[tuple[str, dict[str, Any]]] = [
    ("emergency", {"emergency": "no"}),
    ("kind", {"asb_type": "nuisance"}),
    ("behaviour", {"behaviour": ["noise", "drinking"], "description": "Groups drinking and shouting at night."}),
    ("where", {"ward": WARD}),
    ("place", {"place": "The bench outside the library"}),
    ("when", {"date": [str(YESTERDAY.day), str(YESTERDAY.month), str(YESTERDAY.year)], "time": "11pm"}),
    ("ongoing", {"ongoing": "yes", "frequency": "weekly"}),
    ("affected", {"affected": ["me", "neighbours"]}),
    ("people", {"people": "Four men in their twenties"}),
    ("vehicles-involved", {"vehicles_involved": "no"}),
    ("hate-crime", {"hate_crime": "no"}),
    ("anonymous", {"give_details": "yes"}),
    ("your-details", {"name": "Sam O'Brien", "email": "sam@example.com"}),
    ("contact-preferences", {"preferred": "email", "unsafe": ["none"]}),
]


# -- preparing the drafts ---------------------------------------------------------------------------------------------


class Browser:
    """Just enough of a browser to walk a journey: it keeps cookies and sends each form's CSRF token back."""

    def __init__(self, server: harness.Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers.get("Location", ""), text

    def form_token(self, path: str) -> str:
        status, _, page = self.request("GET", path)
        field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
        token = re.search(r'value="([^"]+)"', field.group()) if field else None
        if status != 200 or token is None:
            raise SystemExit(f"GET {path} answered {status} without a form to fill in")
        return token.group(1)

    def answer(self, path: str, answers: dict[str, Any]) -> None:
        status, _, page = self.request("POST", path, {"csrf_token": self.form_token(path), **answers})
        if status != 302:
            errors = re.sub(r"<[^>]+>|\s+", " ", page.partition("govuk-error-summary")[2][:2000]).strip()
            raise SystemExit(f"POST {path} answered {status}, not a redirect to the next page: {errors[:500]}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _strings(item)]
    if isinstance(value, list | tuple):
        return [found for item in value for found in _strings(item)]
    return []


def _replaced(value: Any, old: str, new: str) -> Any:
    if value == old:
        return new
    if isinstance(value, dict):
        return {key: _replaced(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    return value


def make_drafts(server: harness.Server, database_url: str, secret_key: str, count: int) -> list[bytes]:
    """`count` requests, each pressing "Send report" on a complete draft of its own.

    Walking the journey over HTTP for every draft would take longer than the benchmark, so one is walked and
    copied in SQL. The browser holds the draft's token in its signed session cookie and the database its SHA-256:
    each copy gets a new token, its hash in the copied row, and a cookie signed with the server's secret key that
    differs from the walked one only in that token.
    """
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    from sqlalchemy import create_engine, inspect, text

    browser = Browser(server)
    for step, answers in JOURNEY:
        browser.answer(f"/report/{SLUG}/{step}", answers)
    csrf = browser.form_token(f"/report/{SLUG}/check-answers")

    signer = Flask("benchmark")
    signer.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    assert serializer is not None
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            walked = connection.execute(text("SELECT id, token_hash FROM report_draft")).one()
            session_name, session, token = next(
                (name, data, value)
                for name, cookie in browser.cookies.items()
                if (data := _session(serializer, cookie)) is not None
                for value in _strings(data)
                if hashlib.sha256(value.encode()).hexdigest() == walked.token_hash
            )
            columns = [c["name"] for c in inspect(connection).get_columns("report_draft") if c["name"] != "id"]
            copied = ", ".join(":token_hash" if name == "token_hash" else name for name in columns)
            copy = text(
                f"INSERT INTO report_draft ({', '.join(columns)}) SELECT {copied} FROM report_draft WHERE id = :id"
            )
            tokens = [secrets.token_urlsafe(32) for _ in range(count)]
            connection.execute(
                copy, [{"id": walked.id, "token_hash": hashlib.sha256(t.encode()).hexdigest()} for t in tokens]
            )
    except StopIteration:
        raise SystemExit("no session cookie holds the draft's token: how drafts are kept has changed") from None
    finally:
        engine.dispose()
    cookies = [serializer.dumps(_replaced(session, token, new)) for new in tokens]
    return [request_bytes(session_name, cookie, csrf) for cookie in cookies]


def _session(serializer: Any, cookie: str) -> dict[str, Any] | None:
    try:
        return serializer.loads(cookie)
    except Exception:  # not the session cookie, or not signed with this key
        return None


def request_bytes(cookie_name: str, cookie: str, csrf: str) -> bytes:
    body = urlencode({"csrf_token": csrf})
    return (
        f"POST /report/{SLUG}/check-answers HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie_name}={cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


# -- the load generator -----------------------------------------------------------------------------------------------


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


def send_all(port: int, requests: list[bytes], clients: int) -> tuple[int, int, float, list[float]]:
    """Every request exactly once over `clients` connections: (succeeded, failed, seconds, latencies in seconds).

    wrk cannot promise each draft is sent exactly once, and the zero-lost check needs exactly that, so this
    generator stays: requests encoded beforehand, plain sockets kept alive where the server allows (gunicorn's sync
    workers close after each response, so it reconnects then), nothing parsed beyond the status and headers. At a
    few hundred requests a second it uses a fraction of one core (the CPU column of each run says how much).
    """
    work = iter(requests)  # shared, taken under the lock
    ok = failed = 0
    latencies: list[float] = []
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
            began = time.perf_counter()
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
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                ok, failed = (ok + 1, failed) if success else (ok, failed + 1)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return ok, failed, time.perf_counter() - began, latencies


def count_rows(database_url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    queries = {
        "reports": "SELECT count(*) FROM report",
        "events": "SELECT count(*) FROM case_event",
        "emails": "SELECT count(*) FROM outbox_message",
        "distinct_drafts": "SELECT count(DISTINCT draft_id) FROM report",
    }
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return {name: connection.scalar(text(query)) for name, query in queries.items()}
    finally:
        engine.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# -- one run, and the report ------------------------------------------------------------------------------------------


def submission_run(args: argparse.Namespace, folder: Path) -> harness.Measurement:
    database = harness.Database(args.database_url, folder)
    try:
        env = harness.prepare_portal(database, demo=False, log_level=args.log_level)
        portal = harness.portal_server(folder, env, args.workers)
        portal.start()
        try:
            requests = make_drafts(portal, database.url, env["SECRET_KEY"], args.reports)
            if args.quiet_wait:
                harness.wait_for_quiet(args.quiet_wait)
            with harness.CpuMeter(portal.pid, database.backend_pids) as cpu:
                ok, failed, seconds, latencies = send_all(portal.port, requests, args.clients)
        finally:
            portal.stop()
        counts = count_rows(database.url)
    finally:
        database.drop()
    lost = ok - counts["reports"]
    consistent = counts["reports"] == counts["events"] == counts["emails"] == counts["distinct_drafts"]
    return harness.Measurement(
        requests_per_second=ok / seconds,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p90_ms=percentile(latencies, 0.90) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        requests=ok + failed,
        # A failed submission, a lost one or a report without its event, email or own draft: any fails the run.
        errors=failed + abs(lost) + (0 if consistent else 1),
        server_cpu_percent=cpu.server_percent,
        load_generator_cpu_percent=cpu.load_percent,
        others_cpu_percent=cpu.others_percent,
        detail={
            "succeeded": ok,
            "failed": failed,
            "seconds": seconds,
            "lost": lost,
            "database": counts,
            # Of the server's CPU, what the database's own processes took (PostgreSQL's backends; SQLite runs in the
            # web workers, so 0): the web's and the database's shares can then be followed apart across runs.
            "database_cpu_ms_per_submission": 10 * cpu.extra_percent / (ok / seconds) if ok else 0.0,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32, help="connections pressing Send (default: 32)")
    parser.add_argument("--reports", type=int, default=3000, help="submissions per run (default: 3000)")
    harness.add_common_arguments(parser)
    args = parser.parse_args()
    harness.require_wrk()
    run = harness.describe_run()
    bare_runs, submissions = [], []
    set_aside: dict[str, list[harness.Measurement]] = {"bare": [], "submissions": []}
    wrk = {"threads": args.threads, "connections": args.connections}
    with harness.work_folder("benchmark-submit-") as folder:
        bare = harness.bare_server(folder, args.workers)
        bare.start()
        try:
            for number in range(1, args.runs + 1):
                # The bare app first in every run, right before the submissions, so both see the same machine.
                harness.warm_up(harness.Scenario("bare", bare, ["/"]), args.warmup, wrk)
                for attempt in range(1 + harness.RETRIES):
                    if args.quiet_wait:
                        harness.wait_for_quiet(args.quiet_wait)
                    result = harness.run_wrk(bare, ["/"], args.seconds, **wrk)
                    print(f"  run {number}/{args.runs} bare Flask app: {result.describe()}", flush=True)
                    if not harness.disturbed(result, args.max_others, attempt):
                        break
                    set_aside["bare"].append(result)
                bare_runs.append(result)
                for attempt in range(1 + harness.RETRIES):
                    result = submission_run(args, folder / f"run-{number}-{attempt}")
                    detail = result.detail
                    verdict = "zero lost" if result.errors == 0 else "LOST OR FAILED"
                    print(
                        f"  run {number}/{args.runs} submissions: {result.describe()};"
                        f" {result.server_cpu_ms_per_request:.2f} ms of server CPU a submission, of which the"
                        f" database's processes {detail['database_cpu_ms_per_submission']:.2f};"
                        f" {detail['succeeded']} submitted, {detail['failed']} failed, database {detail['database']}:"
                        f" {verdict}",
                        flush=True,
                    )
                    if not harness.disturbed(result, args.max_others, attempt):
                        break
                    set_aside["submissions"].append(result)
                submissions.append(result)
        finally:
            bare.stop()
    kind = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    rows = [
        harness.Row('bare Flask app: `/` answers "ok"', bare_runs, bare=True, repeated=set_aside["bare"]),
        harness.Row(
            f"submission ({args.reports:,} anti-social behaviour reports, {kind})",
            submissions,
            repeated=set_aside["submissions"],
        ),
    ]
    settings = harness.settings_of(args)
    settings["submissions"] = f"{args.clients} keep-alive clients, each draft sent once, a fresh database each run"
    harness.report(f"Final submission on {kind}", run, settings, rows)
    if any(measurement.errors for measurement in submissions):
        raise SystemExit("submissions failed or were lost: see the runs above")


if __name__ == "__main__":
    main()
