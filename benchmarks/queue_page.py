"""The triage queue page with 1,000,000 reports must stay within 1.5x of its time with 1,000.

    .venv/bin/python benchmarks/queue_page.py [--small 1000] [--large 1000000] [--requests 40] [--folder DIR]
    .venv/bin/python benchmarks/queue_page.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds two databases, one with `--small` reports and one with `--large` (SQLite files in a temporary folder, or two
throwaway PostgreSQL databases beside the URL given, dropped afterwards), spread over London's real wards (from
ward_pages/data/london_wards.csv) with a realistic mix of statuses, gradings, flags and ages. Then it requests the
whole queue page (scope, filters, counts, keyset page, template) as a signed-in officer, a borough supervisor and
an administrator, ALTERNATING between the two databases so a busy machine slows both sides equally, and prints the
median time of each page on each side and their ratio. `--folder` keeps the SQLite files for a re-run.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, where its name would hide the standard library's
# `queue` module from everything imported after it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
BATCH = 20_000
HOME = 600
WARDS_FILE = ROOT / "ward_pages" / "data" / "london_wards.csv"
OFFICER_WARD = "E05013808"  # West End
SUPERVISOR_BOROUGH = "E09000033"  # Westminster
STATUSES = [("received", 10), ("triaged", 10), ("assigned", 15), ("investigating", 15), ("closed", 45), ("referred", 5)]
GRADINGS = ["immediate", "priority", "standard", "standard", "standard", "scheduled", "no-attendance"]
TYPES = ["anti-social-behaviour", "fraud", "road-traffic-incident"]
# A well-formed reference that no report has (references are random): a search pays for its lookups either way.
SEARCHED = "HKR7-M3XQ-9TBG"
PAGES = {
    "default (awaiting triage)": "/staff/queue",
    "all open": "/staff/queue?status=open",
    "open, overdue updates": "/staff/queue?status=open&overdue=yes",
    "open, update due soonest": "/staff/queue?status=open&sort=due",
    "search (a reference)": f"/staff/queue?q={SEARCHED}",
}


def make_app(database_url: str):
    from portal import create_app, migrate
    from portal.config import config_for

    migrate.upgrade(database_url)
    config = config_for("development")
    config.DATABASE_URL = database_url
    config.SECRET_KEY = "benchmark-secret-key-benchmark-secret-key"
    return create_app(config)


def load_wards(app) -> list[int]:
    from sqlalchemy import func, insert, select

    from portal.db import session
    from portal.models import Borough, Ward

    with app.app_context():
        if session.scalar(select(func.count(Ward.id))):
            return list(session.scalars(select(Ward.id)))
        with WARDS_FILE.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        boroughs = {}
        for row in rows:
            boroughs.setdefault(row["borough_code"], row["borough_name"])
        session.execute(
            insert(Borough),
            [{"code": c, "name": n, "slug": n.lower().replace(" ", "-")} for c, n in boroughs.items()],
        )
        ids = dict(session.execute(select(Borough.code, Borough.id)).all())
        session.execute(
            insert(Ward),
            [
                {
                    "code": r["ward_code"],
                    "name": r["ward_name"],
                    "slug": r["ward_name"].lower().replace(" ", "-"),
                    "borough_id": ids[r["borough_code"]],
                }
                for r in rows
            ],
        )
        session.commit()
        return list(session.scalars(select(Ward.id)))


def make_officers(app, ward_ids: list[int]) -> list[int]:
    """The officers cases are assigned to (one per ward or so), so the planner sees a realistic spread."""
    from sqlalchemy import insert, select

    from portal.db import session
    from portal.models import StaffUser
    from portal.services.staff import roles

    with app.app_context():
        roles.sync_roles()
        existing = list(session.scalars(select(StaffUser.id).where(StaffUser.email.like("bench.case%"))))
        if existing:
            return existing
        session.execute(
            insert(StaffUser),
            [
                {
                    "email": f"bench.case{n}@example.org",
                    "name": f"PC Bench {n}",
                    "role_code": "officer",
                    "password_hash": "-",
                    "totp_secret": "-",
                    "active": True,
                }
                for n in range(len(ward_ids))
            ],
        )
        session.commit()
        return list(session.scalars(select(StaffUser.id).where(StaffUser.email.like("bench.case%"))))


def home_wards(app) -> tuple[int, list[int]]:
    from sqlalchemy import select

    from portal.db import session
    from portal.models import Borough, Ward

    with app.app_context():
        home = session.scalar(select(Ward.id).where(Ward.code == OFFICER_WARD))
        borough = select(Borough.id).where(Borough.code == SUPERVISOR_BOROUGH).scalar_subquery()
        return home, list(session.scalars(select(Ward.id).where(Ward.borough_id == borough)))


def fill(app, count: int) -> None:
    """Make the database hold `count` reports (kept from an earlier run if it already does)."""
    from sqlalchemy import func, select

    from portal.db import session
    from portal.models import Report

    ward_ids = load_wards(app)
    officer_ids = make_officers(app, ward_ids)
    home_ward, borough_wards = home_wards(app)
    with app.app_context():
        existing = session.scalar(select(func.count(Report.id)))
        if existing and existing != count:
            raise SystemExit(f"{app.config['DATABASE_URL']} already holds {existing} reports, not {count}")
        if not existing:
            insert_reports(count, ward_ids, officer_ids, home_ward, borough_wards)
        # What autovacuum would have done to a table in steady state (also after a migration added indexes):
        # planner statistics and, on PostgreSQL, the visibility map that lets index-only scans skip the table.
        postgres = session.bind.dialect.name == "postgresql"
        with session.bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")


def insert_reports(count: int, ward_ids: list[int], officer_ids: list[int], home: int, borough: list[int]) -> None:
    from sqlalchemy import insert

    from portal.core import clock
    from portal.db import session
    from portal.models import Report, report_count
    from portal.services.cases.triage import urgency
    from portal.services.reporting import references

    rng = random.Random(count)
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    now = clock.now()
    today = now.date()
    started = time.perf_counter()
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(offset, min(offset + BATCH, count)):
            status = rng.choice(statuses)
            # Both databases give the measured officer and supervisor the same HOME reports on top of their share
            # of the rest, so both sides render full pages and the comparison is of the database's work.
            if n < HOME:
                ward_id = home if n < HOME // 2 else rng.choice(borough)
            else:
                ward_id = rng.choice(ward_ids)
            grading = None if status == "received" else rng.choice(GRADINGS)
            vulnerable = rng.random() < 0.08
            submitted = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60 if status != "received" else 3000))
            open_case = status in ("triaged", "assigned", "investigating")
            rows.append(
                {
                    "reference": references.new_reference(),
                    "report_type": rng.choice(TYPES),
                    "category": "crime",
                    "status": status,
                    "submitted_at": submitted,
                    "ward_id": ward_id,
                    "anonymous": False,
                    "reporter_email": "person@example.com",
                    "unsafe_channels": [],
                    "answers": {},
                    "flag_injuries": rng.random() < 0.05,
                    "flag_ongoing": rng.random() < 0.2,
                    "grading": grading,
                    "vulnerable": vulnerable,
                    "urgency": urgency(grading, vulnerable),
                    "next_update_due": today + timedelta(days=rng.randrange(-10, 28)) if open_case else None,
                    "needs_attention": rng.random() < 0.02,
                    "assigned_to_id": rng.choice(officer_ids) if status not in ("received", "triaged") else None,
                    "created_at": submitted,
                    "updated_at": submitted,
                }
            )
        session.execute(insert(Report), rows)
        session.commit()
        if count >= 100_000:
            print(f"  {offset + len(rows):,} reports ({time.perf_counter() - started:.0f}s)", flush=True)
    # A bulk insert bypasses the session's flush, which keeps the queue's counts: count them once, as the migration
    # does for reports that were already there.
    report_count.recount(session.connection())
    session.commit()


def staff_clients(app) -> dict[str, object]:
    """A signed-in test client for an officer (one ward), a supervisor (one borough) and an administrator."""
    from sqlalchemy import select

    from portal.db import session
    from portal.models import Borough, StaffUser, Ward
    from portal.services.staff import roles, sessions

    clients = {}
    with app.app_context():
        roles.sync_roles()
        ward = session.scalar(select(Ward).where(Ward.code == OFFICER_WARD))
        borough = session.scalar(select(Borough).where(Borough.code == SUPERVISOR_BOROUGH))
        for role, wards, boroughs in (("officer", [ward], []), ("supervisor", [], [borough]), ("admin", [], [])):
            email = f"bench.{role}@example.org"
            staff = session.scalar(select(StaffUser).where(StaffUser.email == email))
            if staff is None:
                staff = StaffUser(
                    email=email,
                    name=f"Bench {role}",
                    role_code=role,
                    password_hash="-",
                    totp_secret="-",
                    wards=wards,
                    boroughs=boroughs,
                    active=True,
                )
                session.add(staff)
                session.commit()
            _row, token = sessions.create(staff, mfa_completed=True)
            client = app.test_client()
            client.set_cookie(app.config["STAFF_SESSION_COOKIE_NAME"], token)
            clients[role] = client
    return clients


def time_page(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def measure(sides: dict[str, tuple[object, dict]], requests: int) -> dict[tuple[str, str, str], float]:
    timings: dict[tuple[str, str, str], list[float]] = {}
    for _ in range(requests):
        for role in ("officer", "supervisor", "admin"):
            for name, url in PAGES.items():
                for side, (_app, clients) in sides.items():
                    timings.setdefault((role, name, side), []).append(time_page(clients[role], url))
    return {key: statistics.median(values) for key, values in timings.items()}


def postgres_databases(stack: ExitStack, url: str) -> tuple[str, str]:
    from tests.databases import private_postgres_database

    return stack.enter_context(private_postgres_database(url)), stack.enter_context(private_postgres_database(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--postgres", help="a PostgreSQL URL: two throwaway databases are made beside it")
    args = parser.parse_args()

    import logging

    logging.disable(logging.INFO)  # the access log would print every request
    with ExitStack() as stack:
        if args.postgres:
            small_url, large_url = postgres_databases(stack, args.postgres)
        else:
            folder = args.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
            folder.mkdir(parents=True, exist_ok=True)
            small_url = f"sqlite:///{folder / f'queue-{args.small}.sqlite3'}"
            large_url = f"sqlite:///{folder / f'queue-{args.large}.sqlite3'}"
        sides = {}
        for label, url, count in (("small", small_url, args.small), ("large", large_url, args.large)):
            print(f"Preparing {count:,} reports ({url.split(':')[0]})...", flush=True)
            app = make_app(url)
            fill(app, count)
            sides[label] = (app, staff_clients(app))
        for _app, clients in sides.values():  # warm caches and connections
            for client in clients.values():
                for url in PAGES.values():
                    time_page(client, url)
        medians = measure(sides, args.requests)
        worst = 0.0
        print(f"\n{'who':<11}{'page':<28}{args.small:>12,}{args.large:>14,}{'ratio':>8}")
        for role in ("officer", "supervisor", "admin"):
            for name in PAGES:
                small, large = medians[(role, name, "small")], medians[(role, name, "large")]
                ratio = large / small
                worst = max(worst, ratio)
                print(f"{role:<11}{name:<28}{small * 1000:>10.1f}ms{large * 1000:>12.1f}ms{ratio:>8.2f}")
        for app, _clients in sides.values():
            with app.app_context():
                from portal.db import db

                db.engine.dispose()
        print(f"\nWorst ratio: {worst:.2f} (target: at most 1.5 for every viewer)")


if __name__ == "__main__":
    main()
