"""Scheduled jobs: a registry of (name, interval, function) and `run_due()`, which runs every job whose time has come.

One command, `flask --app portal jobs run`, is started by a timer every few minutes on every machine
(deploy/systemd/portal-jobs.timer). When each job is next due is kept in the database (`job_run`), and a job is
claimed with a conditional UPDATE before it runs, so when several machines' timers fire together each job still runs
once. Add a job by decorating a function that does the work and returns a one-line summary:

    @job("purge-drafts", every=timedelta(days=1))
    def purge_drafts() -> str: ...

A summary holds counts, never personal data: it is stored and printed.
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

from portal.db import session
from portal.models import JobRun
from portal.models.base import utcnow

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


JOBS: dict[str, Job] = {}


def register(new: Job) -> Job:
    if new.name in JOBS and JOBS[new.name] != new:
        raise ValueError(f"A job named {new.name!r} is already registered.")
    JOBS[new.name] = new
    return new


def job(name: str, every: timedelta, timeout: timedelta = timedelta(hours=1)) -> Callable[[Callable[[], str]], Job]:
    def decorate(function: Callable[[], str]) -> Job:
        return register(Job(name, every, function, timeout))

    return decorate


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # succeeded / failed / not due / running elsewhere
    summary: str = ""
    seconds: float = 0.0
    next_due_at: datetime | None = None


def run_due(names: Iterable[str] | None = None, force: bool = False, now: datetime | None = None) -> list[Outcome]:
    """Run each registered job (or each of `names`) that is due; `force` runs them even if not due, though never
    one that is running elsewhere."""
    chosen = [JOBS[name] for name in names] if names else list(JOBS.values())
    now = now or utcnow()
    _add_missing_rows(now)
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


def _add_missing_rows(now: datetime) -> None:
    """A newly registered job is due at once. Two machines adding the same row at the same moment is not an error."""
    rows = [{"name": name, "next_due_at": now} for name in JOBS]
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
    clock = time.monotonic()
    try:
        summary = each.run()
    except Exception as error:  # noqa: BLE001 — recorded, and the next job still runs
        session.rollback()
        # The error's type only: its message may hold whatever the job was working on.
        log.error("job %s failed: %s", each.name, type(error).__name__)
        return _finish(each, "failed", type(error).__name__, utcnow() + min(RETRY_AFTER_FAILURE, each.interval), clock)
    # The next run is an interval after this one started, so the schedule does not drift by the time each run takes.
    return _finish(each, "succeeded", summary, started + each.interval, clock)


def _finish(each: Job, status: str, summary: str, next_due_at: datetime, clock: float) -> Outcome:
    session.execute(
        update(JobRun)
        .where(JobRun.__table__.c.name == each.name)
        .values(last_status=status, last_summary=summary[:500], last_finished_at=utcnow(), next_due_at=next_due_at)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return Outcome(each.name, status, summary, time.monotonic() - clock, next_due_at)


# ---- The jobs ---------------------------------------------------------------------------------------------------


@job("purge-drafts", every=timedelta(days=1))
def purge_drafts() -> str:
    """Drafts past their expiry, and their files (DRAFT_LIFETIME_DAYS after their last change)."""
    from portal.services import drafts

    return f"Purged {drafts.purge_expired()} expired drafts."


@job("prune-staff-sessions", every=timedelta(days=1))
def prune_staff_sessions() -> str:
    """Staff session rows that ended more than 30 days ago (the audit log keeps each sign-in)."""
    from portal.services.staff import sessions

    return f"Deleted {sessions.prune(timedelta(days=30))} old staff session(s)."
