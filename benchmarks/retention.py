"""The daily disposal job must deal with a day's due records (10,000) in under 60 seconds with 1,000,000 reports.

    .venv/bin/python benchmarks/retention.py [--reports 1000000] [--due 10000] [--folder DIR]
    .venv/bin/python benchmarks/retention.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds one database (a SQLite file in a temporary folder, or a throwaway PostgreSQL database beside the URL given,
dropped afterwards) holding `--reports` reports over six and a half years, of which `--due` closed more than six
years ago: four in five recorded as information only or referred (anonymised: each with three case events, two
identifiers, a sign-in link, a case session and the email carrying the link, and one in ten with an evidence file
in the store), one in five recorded as crime (flagged for review). The rest are open or closed within six years,
each with its "received" event; the last 90 days' reports also have their confirmation email, as the outbox holds in
steady state. Then it times one run of the job (what is due), and a second run (nothing due: the cost of a quiet
day). `--folder` keeps the SQLite file and the evidence store for a re-run (the seeding is skipped, the database is
copied back from a pristine copy).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
BATCH = 20_000
WARDS = 50
NOW = datetime.now(UTC).replace(microsecond=0)
TYPES = ["anti-social-behaviour", "fraud", "road-traffic-incident"]
DUE_OUTCOMES = ["information-recorded", "referred-report-fraud", "referred-council"]
OTHER_OUTCOMES = ["charged", "words-of-advice", "nfa-evidence", "nfa-suspect-not-identified", "information-recorded"]


def make_app(database_url: str, evidence: Path):
    from portal import create_app, migrate
    from portal.config import config_for

    migrate.upgrade(database_url)
    config = config_for("development")
    config.DATABASE_URL = database_url
    config.SECRET_KEY = "benchmark-secret-key-benchmark-secret-key"
    config.EVIDENCE_STORAGE_URL = evidence.as_uri()
    return create_app(config)


def seed(app, count: int, due: int) -> None:
    from sqlalchemy import func, insert, select

    from portal.db import session
    from portal.models import Borough, Report, Ward
    from portal.services.retention import schedule

    with app.app_context():
        if session.scalar(select(func.count(Report.id))):
            return
        session.execute(insert(Borough), [{"code": "E09000001", "name": "Bench", "slug": "bench"}])
        borough = session.scalar(select(Borough.id))
        wards = [
            {"code": f"E05{n:06d}", "name": f"Ward {n}", "slug": f"ward-{n}", "borough_id": borough}
            for n in range(WARDS)
        ]
        session.execute(insert(Ward), wards)
        session.commit()
        ward_ids = list(session.scalars(select(Ward.id)))
        schedule.ensure_defaults()
        six_years = schedule.period_before(NOW, 6, "years")
        rng = random.Random(count)
        started = time.perf_counter()
        due_positions = set(rng.sample(range(count), due))
        for offset in range(0, count, BATCH):
            positions = range(offset, min(offset + BATCH, count))
            _insert_batch(rng, [(n, n in due_positions) for n in positions], ward_ids, six_years)
            if (offset // BATCH) % 10 == 0:
                print(f"  {offset + len(positions):,} reports ({time.perf_counter() - started:.0f}s)", flush=True)
        _attach(app, rng, six_years)


def _insert_batch(rng: random.Random, positions, ward_ids, six_years: datetime) -> None:
    from sqlalchemy import insert

    from portal.db import session
    from portal.models import CaseEvent, Report

    rows = []
    for n, is_due in positions:
        if is_due:
            closed = six_years - timedelta(days=rng.randrange(1, 180))
            submitted = closed - timedelta(days=rng.randrange(1, 60))
            outcome = rng.choice(DUE_OUTCOMES) if rng.random() < 0.8 else "nfa-evidence"
        else:
            submitted = six_years + timedelta(days=rng.randrange(1, 6 * 365 - 1))
            closed = submitted + timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.6 else None
            closed = closed if closed is not None and closed < NOW else None
            outcome = rng.choice(OTHER_OUTCOMES) if closed else None
        status = ("referred" if outcome.startswith("referred") else "closed") if outcome else "investigating"
        rows.append(
            {
                # Unique and cheap: the job never reads a reference, and a real one costs more than the row.
                "reference": f"BENCH{n:010d}",
                "report_type": rng.choice(TYPES),
                "category": "crime",
                "status": status,
                "outcome": outcome,
                "submitted_at": submitted,
                "closed_at": closed,
                "ward_id": rng.choice(ward_ids),
                "anonymous": False,
                "reporter_name": "Sam Example",
                "reporter_email": f"person{rng.randrange(10**9)}@example.com",
                "reporter_phone": "+447911123456",
                "unsafe_channels": [],
                "answers": {"answers": {}, "sections": [{"title": "What happened", "rows": []}]},
                "created_at": submitted,
                "updated_at": closed or submitted,
            }
        )
    # On the tables, not the models: the ORM's bulk insert splits rows whose NULL columns differ into separate
    # statements, and these alternate between open and closed reports.
    session.execute(insert(Report.__table__), rows)
    references_made = [row["reference"] for row in rows]
    from sqlalchemy import select

    ids = session.execute(select(Report.id, Report.submitted_at).where(Report.reference.in_(references_made))).all()
    events = [
        {"report_id": i, "kind": "received", "status_after": "received", "public": True, "created_at": at}
        for i, at in ids
    ]
    session.execute(insert(CaseEvent.__table__), events)
    session.commit()


def _attach(app, rng: random.Random, six_years: datetime) -> None:
    """What the due reports carry, and the outbox of the last 90 days."""
    from sqlalchemy import and_, insert, select

    from portal.db import session
    from portal.models import (
        CaseEvent,
        Evidence,
        OutboxMessage,
        Report,
        ReportIdentifier,
        TrackSession,
        TrackSignInToken,
    )
    from portal.services.evidence import storage_for

    store = storage_for(app)
    # The reports the job anonymises (the rest of the due ones are flagged for review and keep what they have).
    asb_information = and_(Report.report_type == "anti-social-behaviour", Report.outcome == "information-recorded")
    anonymised = and_(Report.closed_at < six_years, Report.outcome.in_(DUE_OUTCOMES), ~asb_information)
    due = list(session.scalars(select(Report.id).where(anonymised)))
    for start in range(0, len(due), BATCH):
        chunk = due[start : start + BATCH]
        at = six_years - timedelta(days=200)
        session.execute(
            insert(CaseEvent.__table__),
            [
                {"report_id": i, "kind": k, "public": k == "public_update", "text": "Spoke to Sam", "created_at": at}
                for i in chunk
                for k in ("internal_note", "public_update")
            ],
        )
        session.execute(
            insert(ReportIdentifier.__table__),
            [
                {"report_id": i, "kind": k, "value": v, "source": "reporter"}
                for i in chunk
                for k, v in (("phone", "+447911123456"), ("email", f"p{i}@example.com"))
            ],
        )
        session.execute(
            insert(TrackSignInToken.__table__),
            [{"token_hash": f"{i:064x}", "report_id": i, "created_at": at, "expires_at": at} for i in chunk],
        )
        session.execute(
            insert(TrackSession.__table__),
            [{"token_hash": f"{i:063x}s", "report_id": i, "created_at": at, "last_seen_at": at} for i in chunk],
        )
        session.execute(insert(OutboxMessage.__table__), [_email(f"<link{i}@example.org>", at, i) for i in chunk])
        files = [i for i in chunk if rng.random() < 0.1]
        session.execute(
            insert(Evidence.__table__), [_evidence(store.put(f"photo of report {i}".encode()), i, at) for i in files]
        )
        session.commit()
    recent = session.execute(
        select(Report.id, Report.submitted_at).where(Report.submitted_at >= NOW - timedelta(days=90))
    ).all()
    for start in range(0, len(recent), BATCH):
        session.execute(
            insert(OutboxMessage.__table__),
            [_email(f"<confirm{i}@example.org>", at, None) for i, at in recent[start : start + BATCH]],
        )
        session.commit()
    print(f"  {len(due):,} due reports with their records, {len(recent):,} recent confirmation emails", flush=True)


def _email(message_id: str, at: datetime, report_id: int | None) -> dict[str, object]:
    return {
        "message_id": message_id,
        "kind": "case-update" if report_id else "report-confirmation",
        "to_address": "sam@example.com",
        "subject": "Your report",
        "body_text": "Thank you for your report.",
        "status": "sent",
        "attempts": 1,
        "next_attempt_at": at,
        "sent_at": at,
        "created_at": at,
        "updated_at": at,
        "link_kind": "track-sign-in",
        "link_for_id": report_id,
    }


def _evidence(key: str, report_id: int, at: datetime) -> dict[str, object]:
    return {
        "report_id": report_id,
        "storage_key": key,
        "display_name": "photo.jpg",
        "size": 20,
        "mime": "image/jpeg",
        "kind": "image",
        "sha256": "0" * 64,
        "scan_status": "clean",
        "quarantined": False,
        "uploaded_by": "reporter",
        "uploaded_at": at,
    }


def analyse(app) -> None:
    from portal.db import session

    with app.app_context():
        postgres = session.bind.dialect.name == "postgresql"
        with session.bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")


def timed_run(app, label: str) -> float:
    from portal.services.retention import job

    with app.app_context():
        started = time.perf_counter()
        summary = job.run(NOW)
        elapsed = time.perf_counter() - started
        print(f"\n{label}: {summary.total:,} records in {elapsed:.1f}s")
        for line in summary.lines():
            if " 0 " not in line:
                print(f"  {line}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--postgres", help="a PostgreSQL URL: a throwaway database is made beside it")
    args = parser.parse_args()

    import logging

    logging.disable(logging.INFO)
    with ExitStack() as stack:
        folder = args.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        evidence = folder / "evidence"
        if args.postgres:
            from tests.databases import private_postgres_database

            url = stack.enter_context(private_postgres_database(args.postgres))
        else:
            url = f"sqlite:///{folder / f'retention-{args.reports}.sqlite3'}"
            pristine = folder / f"retention-{args.reports}.pristine.sqlite3"
            if pristine.exists():  # a re-run: start again from the seeded database
                shutil.copy(pristine, folder / f"retention-{args.reports}.sqlite3")
                shutil.copytree(folder / "evidence.pristine", evidence, dirs_exist_ok=True)
        print(f"Preparing {args.reports:,} reports, {args.due:,} due ({url.split(':')[0]})...", flush=True)
        app = make_app(url, evidence)
        seed(app, args.reports, args.due)
        analyse(app)
        if not args.postgres and not pristine.exists():
            with app.app_context():
                from portal.db import db

                db.engine.dispose()
            shutil.copy(folder / f"retention-{args.reports}.sqlite3", pristine)
            shutil.copytree(evidence, folder / "evidence.pristine", dirs_exist_ok=True)
        first = timed_run(app, "First run (a day's due records)")
        second = timed_run(app, "Second run (nothing due)")
        with app.app_context():
            from portal.db import db

            db.engine.dispose()
        print(f"\nTarget: under 60s for the first run. First {first:.1f}s, second {second:.1f}s.")


if __name__ == "__main__":
    main()
