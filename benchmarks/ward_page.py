"""Ward page throughput against a bare Flask endpoint on the same server, in the same run.

    .venv/bin/python benchmarks/ward_page.py [--seconds 10] [--clients 4] [--database-url URL]

Loads the bundled real data (wards, boundaries, crime, advice and the demonstration teams) into a temporary SQLite
database unless --database-url points at one already loaded, serves the portal from a separate process with
Werkzeug's threaded server, adds a bare endpoint that returns a short string, and requests the bare endpoint and
ward pages (cycling through every ward) for the same time with the same number of clients. The ratio is ward pages
per second over bare requests per second; the target is at least 0.6.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path

# Run as a script from the project root: make the portal package importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_app(database_url: str):
    from portal import create_app
    from portal.config import config_for

    config = config_for("development")
    config.DATABASE_URL = database_url
    app = create_app(config)
    app.add_url_rule("/benchmark-bare", "benchmark_bare", lambda: "ok")
    return app


def prepare(database_url: str) -> list[str]:
    from sqlalchemy import select

    from portal import migrate
    from portal.db import session
    from portal.demo.wards import ward_pages_demo
    from portal.models import Ward

    app = make_app(database_url)
    migrate.upgrade(database_url)
    with app.app_context():
        if session.scalar(select(Ward.id).limit(1)) is None:
            print("Loading the bundled data...", ward_pages_demo())
        return list(session.scalars(select(Ward.code).where(Ward.retired_at.is_(None)).order_by(Ward.code)))


def serve(database_url: str, port: int, ready) -> None:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("portal.access").setLevel(logging.WARNING)  # the access log would dominate the measurement
    server = make_server("127.0.0.1", port, make_app(database_url), threaded=True)
    ready.set()
    server.serve_forever()


def measure(port: int, paths: list[str], seconds: float, clients: int) -> float:
    """Requests per second over `seconds`, `clients` threads each with its own connection per request."""
    cycle = itertools.cycle(paths)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    done = [0] * clients

    def run(index: int) -> None:
        while time.monotonic() < deadline:
            with lock:
                path = next(cycle)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            done[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def measure_each(port: int, paths: list[str], clients: int) -> float:
    """Requests per second for one request to each path, shared between `clients` threads."""
    pending = list(paths)
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                if not pending:
                    return
                path = pending.pop()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(paths) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="ward-benchmark-")
    database_url = args.database_url or f"sqlite:///{Path(folder) / 'benchmark.sqlite3'}"
    codes = prepare(database_url)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(database_url, args.port, ready), daemon=True)
    server.start()
    ready.wait(30)
    try:
        ward_paths = [f"/wards/{code}" for code in codes]
        measure(args.port, ["/benchmark-bare"], 1, args.clients)
        # The first request for each ward reads its data and renders it (cold); later ones are served from the
        # process's cache until it expires (WARD_PAGE_CACHE_SECONDS), which is a running server's steady state.
        cold = measure_each(args.port, ward_paths, args.clients)
        bare = measure(args.port, ["/benchmark-bare"], args.seconds, args.clients)
        wards = measure(args.port, ward_paths, args.seconds, args.clients)
    finally:
        server.terminate()
        server.join()
    print(f"bare Flask endpoint:             {bare:8.1f} requests/second")
    print(f"ward pages, first visit (cold):  {cold:8.1f} requests/second ({len(ward_paths)} wards, once each)")
    print(f"ward pages, cached (all wards):  {wards:8.1f} requests/second")
    print(f"ratio (cached / bare): {wards / bare:.2f} (target >= 0.6); cold / bare: {cold / bare:.2f}")


if __name__ == "__main__":
    main()
