"""Running scheduled jobs: `run_due()` runs every job of the schedule (portal/services/jobs/schedule.py) whose time
has come.

One command, `flask --app portal jobs run`, is started by a timer every few minutes on every machine
(deploy/systemd/portal-jobs.timer). When each job is next due is kept in the database (`job_run`), and a job is
claimed with a conditional UPDATE before it runs, so when several machines' timers fire together each job still runs
once. A job is a function that does the work and returns a one-line summary, which holds counts, never personal data:
it is stored and printed.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.core import clock
from portal.db import session
from portal.models import JobRun

log = logging.getLogger(__name__)

# A failed job is tried again this soon (or after its interval, if that is shorter), not a whole interval later.
RETRY_AFTER_FAILURE = timedelta(minutes=15)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    run: Callable[[], str]
    # How long a claim lasts: no other machine starts the job for this long, and a run that crashed is started again
    # after it. Longer than the job can take.
    timeout: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # succeeded / failed / not due / running elsewhere
    summary: str = ""
    seconds: float = 0.0
    next_due_at: datetime | None = None


def run_due(
    jobs: dict[str, Job], names: Iterable[str] | None = None, force: bool = False, now: datetime | None = None
) -> list[Outcome]:
    """Run each of `jobs` (or each of `names`) that is due; `force` runs them even if not due, though never one that
    is running elsewhere."""
    chosen = [jobs[name] for name in names] if names else list(jobs.values())
    now = now or clock.now()
    _add_missing_rows(jobs, now)
    outcomes = []
    for each in chosen:
        if _claim(each, now, force):
            outcomes.append(_run(each, now))
        else:
            row = session.get(JobRun, each.name, populate_existing=True)
            status = "running elsewhere" if row is not None and row.last_status == "running" else "not due"
            outcomes.append(Outcome(each.name, status, next_due_at=row.next_due_at if row else None))
            session.commit()
    return outcomes


def last_runs() -> dict[str, JobRun]:
    return {row.name: row for row in session.scalars(select(JobRun))}


def _add_missing_rows(jobs: dict[str, Job], now: datetime) -> None:
    """A newly scheduled job is due at once. Two machines adding the same row at the same moment is not an error."""
    rows = [{"name": name, "next_due_at": now} for name in jobs]
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(JobRun).values(rows).on_conflict_do_nothing(index_elements=["name"]))
    session.commit()


def _claim(each: Job, now: datetime, force: bool) -> bool:
    """Take the job with a conditional UPDATE: when several machines try at once, only one matches the row."""
    table = JobRun.__table__.c
    due = table.next_due_at <= now
    if force:
        due = or_(due, table.last_status.is_(None), table.last_status != "running")
    claimed = session.execute(
        update(JobRun)
        .where(table.name == each.name, due)
        .values(
            next_due_at=now + each.timeout,
            last_started_at=now,
            last_status="running",
            last_host=socket.gethostname()[:255],
        )
        # Compared in SQL only: SQLite hands back naive times, which Python cannot compare with an aware one.
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return bool(claimed)


def _run(each: Job, started: datetime) -> Outcome:
    started_clock = time.monotonic()
    try:
        summary = each.run()
    except Exception as error:  # noqa: BLE001 — recorded, and the next job still runs
        session.rollback()
        # The error's type only: its message may hold whatever the job was working on.
        log.error("job %s failed: %s", each.name, type(error).__name__)
        return _finish(
            each, "failed", type(error).__name__, clock.now() + min(RETRY_AFTER_FAILURE, each.interval), started_clock
        )
    # The next run is an interval after this one started, so the schedule does not drift by the time each run takes.
    return _finish(each, "succeeded", summary, started + each.interval, started_clock)


def _finish(each: Job, status: str, summary: str, next_due_at: datetime, started_clock: float) -> Outcome:
    session.execute(
        update(JobRun)
        .where(JobRun.__table__.c.name == each.name)
        .values(last_status=status, last_summary=summary[:500], last_finished_at=clock.now(), next_due_at=next_due_at)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return Outcome(each.name, status, summary, time.monotonic() - started_clock, next_due_at)
