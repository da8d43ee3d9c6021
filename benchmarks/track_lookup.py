"""/track lookup time with 1,000,000 reports must stay within 1.5x of its time with 1,000.

    .venv/bin/python benchmarks/track_lookup.py [--small 1000] [--large 1000000] [--lookups 3000] [--folder DIR]
    .venv/bin/python benchmarks/track_lookup.py --small-url URL --large-url URL   (two databases you provide)

Builds two databases (temporary SQLite files by default; or two PostgreSQL databases you name, whose report tables
are emptied first), one with `--small` reports and one with `--large`, then times lookups against them ALTERNATELY,
so a busy machine slows both sides equally. Each lookup is the work /track does for one request, without its
deliberate minimum response time: find the report by reference, compare the email addresses' keyed digests, make a
token. Lookups mix a real reference with the wrong address, a well-formed reference that does not exist, and (one
in ten) a match, which also stores a token and queues the email. `--folder` keeps the SQLite files for a re-run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "benchmark-secret-key-benchmark-secret-key"
BATCH = 20_000


def make_app(database_url: str):
    from portal import create_app, migrate
    from portal.config import config_for

    migrate.upgrade(database_url)
    config = config_for("development")
    config.DATABASE_URL = database_url
    app = create_app(config)
    app.config["TRACK_MIN_RESPONSE_SECONDS"] = 0
    return app


def fill(app, count: int, emptied: bool) -> list[str]:
    """Make the database hold exactly `count` benchmark reports (kept from an earlier run if it already does);
    returns their references in insertion order (person<n>@example.com is the address of the n-th)."""
    from sqlalchemy import func, insert, select, text

    from portal.core import clock
    from portal.db import session
    from portal.models import Report
    from portal.services.reporting import references

    with app.app_context():
        if emptied:
            session.execute(text("TRUNCATE report RESTART IDENTITY CASCADE"))
            session.commit()
        existing = session.scalar(select(func.count(Report.id)))
        if existing == count:
            return list(session.scalars(select(Report.reference).order_by(Report.id)))
        if existing:
            raise SystemExit(f"{app.config['DATABASE_URL']} already holds {existing} reports, not {count}")
        made: list[str] = []
        now = clock.now()
        for offset in range(0, count, BATCH):
            rows = []
            for n in range(offset, min(offset + BATCH, count)):
                reference = references.new_reference()
                made.append(reference)
                rows.append(
                    {
                        "reference": reference,
                        "report_type": "anti-social-behaviour",
                        "category": "crime",
                        "status": "received",
                        "submitted_at": now,
                        "anonymous": False,
                        "reporter_email": f"person{n}@example.com",
                        "unsafe_channels": [],
                        "answers": {},
                    }
                )
            session.execute(insert(Report), rows)
            session.commit()
        if session.bind.dialect.name == "postgresql":
            session.execute(text("ANALYZE report"))
            session.commit()
        return made


def one_lookup(app, refs: list[str], n: int, chosen: random.Random) -> float:
    from portal.services.reporting import references
    from portal.services.tracking import lookup

    index = chosen.randrange(len(refs))
    if n % 10 == 0:
        reference, email = refs[index], f"person{index}@example.com"
    elif n % 2:
        reference, email = refs[index], "someone.else@example.com"
    else:
        reference, email = references.new_reference(), "someone.else@example.com"
    with app.test_request_context("/track", method="POST"):
        started = time.perf_counter()
        lookup._request_link(references.display(reference).lower(), email)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=3_000)
    parser.add_argument("--folder", help="keep the SQLite databases here")
    parser.add_argument("--small-url")
    parser.add_argument("--large-url")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.update(SECRET_KEY=SECRET, LOG_LEVEL="WARNING")

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.folder or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        small_url = args.small_url or f"sqlite:///{folder / f'track-{args.small}.sqlite3'}"
        large_url = args.large_url or f"sqlite:///{folder / f'track-{args.large}.sqlite3'}"
        small_app, large_app = make_app(small_url), make_app(large_url)
        started = time.perf_counter()
        small_refs = fill(small_app, args.small, emptied=bool(args.small_url))
        large_refs = fill(large_app, args.large, emptied=bool(args.large_url))
        print(f"databases ready in {time.perf_counter() - started:.0f}s")

        timings: dict[str, list[float]] = {"small": [], "large": []}
        chosen = random.Random(42)
        for n in range(args.lookups):
            timings["small"].append(one_lookup(small_app, small_refs, n, chosen))
            timings["large"].append(one_lookup(large_app, large_refs, n, chosen))
        small, large = (statistics.median(timings[key]) for key in ("small", "large"))
        print(f"{args.small:>9,} reports: {small * 1000:.3f} ms per lookup (median of {args.lookups:,})")
        print(f"{args.large:>9,} reports: {large * 1000:.3f} ms per lookup (median of {args.lookups:,})")
        ratio = large / small
        print(f"ratio {ratio:.2f} (target at most 1.5): {'PASS' if ratio <= 1.5 else 'FAIL'}")
        for app in (small_app, large_app):
            with app.app_context():
                from portal.db import db

                db.engine.dispose()


if __name__ == "__main__":
    main()
