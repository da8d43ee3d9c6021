"""Scheduled jobs: one command runs whatever is due, each job once however many machines' timers start it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal import jobs_cli
from portal.core import clock
from portal.core.clock import aware
from portal.db import session
from portal.models import JobRun, ReportDraft
from portal.services.jobs import runner as jobs
from portal.services.jobs.schedule import JOBS


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, jobs.Job]:
    """A schedule of only the jobs a test adds, which the command runs too (the real ones are tested below)."""
    schedule: dict[str, jobs.Job] = {}
    monkeypatch.setattr(jobs_cli, "JOBS", schedule)
    return schedule


def counting(registry: dict[str, jobs.Job], name: str, every: timedelta, runs: list[str]) -> jobs.Job:
    def work() -> str:
        runs.append(name)
        return f"ran {name}"

    registry[name] = jobs.Job(name, every, work)
    return registry[name]


def test_a_job_runs_when_due_and_not_again_until_its_interval_has_passed(app_context, registry):
    runs: list[str] = []
    counting(registry, "hourly", timedelta(hours=1), runs)
    counting(registry, "daily", timedelta(days=1), runs)
    start = clock.now()

    first = jobs.run_due(registry, now=start)
    assert [(o.name, o.status, o.summary) for o in first] == [
        ("hourly", "succeeded", "ran hourly"),
        ("daily", "succeeded", "ran daily"),
    ]
    assert [o.status for o in jobs.run_due(registry, now=start + timedelta(minutes=59))] == ["not due", "not due"]
    assert [o.status for o in jobs.run_due(registry, now=start + timedelta(hours=1))] == ["succeeded", "not due"]
    assert runs == ["hourly", "daily", "hourly"]

    row = session.get(JobRun, "daily", populate_existing=True)
    assert row.last_status == "succeeded" and row.last_summary == "ran daily" and row.last_host
    assert aware(row.next_due_at) == start + timedelta(days=1)


def test_a_job_running_on_another_machine_is_not_started_again(app_context, registry):
    runs: list[str] = []
    counting(registry, "daily", timedelta(days=1), runs)
    start = clock.now()
    jobs.run_due(registry, now=start)  # adds the row
    # Another machine claims it, as its timer fired a moment earlier, and is still running it.
    session.execute(
        update(JobRun)
        .where(JobRun.name == "daily")
        .values(last_status="running", next_due_at=start + timedelta(days=1, hours=1))
    )
    session.commit()
    later = start + timedelta(days=1)
    assert [o.status for o in jobs.run_due(registry, now=later)] == ["running elsewhere"]
    assert [o.status for o in jobs.run_due(registry, now=later, force=True)] == ["running elsewhere"]
    # That machine died mid-run: once its claim has lapsed, the job is started again.
    assert [o.status for o in jobs.run_due(registry, now=later + timedelta(hours=1))] == ["succeeded"]
    assert runs == ["daily", "daily"]


def test_two_runners_at_the_same_moment_run_a_job_once(app, registry):
    runs: list[str] = []
    counting(registry, "daily", timedelta(days=1), runs)
    moment = clock.now()
    with app.app_context():
        jobs._add_missing_rows(registry, moment)
        # Both read the row as due; only one conditional UPDATE matches it.
        assert jobs._claim(registry["daily"], moment, force=False)
    with app.app_context():
        assert not jobs._claim(registry["daily"], moment, force=False)


def test_a_failed_job_is_recorded_retried_soon_and_does_not_stop_the_others(app, registry):
    runs: list[str] = []

    def broken() -> str:
        raise ConnectionError("the object store said no to someone@example.com")

    registry["broken"] = jobs.Job("broken", timedelta(days=1), broken)
    counting(registry, "daily", timedelta(days=1), runs)
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 1
    assert "broken: failed in" in result.output and ": ConnectionError" in result.output
    assert "daily: succeeded" in result.output
    assert "example.com" not in result.output
    with app.app_context():
        row = session.get(JobRun, "broken")
        assert (row.last_status, row.last_summary) == ("failed", "ConnectionError")
        assert aware(row.next_due_at) - aware(row.last_finished_at) <= jobs.RETRY_AFTER_FAILURE


def test_the_command_runs_one_job_on_request_and_lists_them(app, registry):
    runs: list[str] = []
    counting(registry, "hourly", timedelta(hours=1), runs)
    counting(registry, "daily", timedelta(days=1), runs)
    runner = app.test_cli_runner()
    assert "hourly: succeeded" in runner.invoke(args=["jobs", "run", "--job", "hourly"]).output
    assert runs == ["hourly"]
    assert "hourly: not due" in runner.invoke(args=["jobs", "run", "--job", "hourly"]).output
    assert "hourly: succeeded" in runner.invoke(args=["jobs", "run", "--job", "hourly", "--force"]).output
    assert runner.invoke(args=["jobs", "run", "--job", "nonsense"]).exit_code == 2
    listing = runner.invoke(args=["jobs", "list"]).output
    assert "hourly: every 1:00:00; last succeeded at" in listing
    assert "daily: every 1 day, 0:00:00; never run" in listing


def test_the_scheduled_job_applies_the_retention_schedule_once_a_day(app, db_with_an_expired_draft):
    assert set(JOBS) == {"retention"}
    output = app.test_cli_runner().invoke(args=["jobs", "run"]).output
    assert "retention: succeeded" in output and "records disposed of or flagged for review" in output
    with app.app_context():
        assert session.scalars(select(ReportDraft)).all() == []
    # A timer firing again moments later (or on another machine) does not run it again.
    assert "retention: not due" in app.test_cli_runner().invoke(args=["jobs", "run"]).output


@pytest.fixture
def db_with_an_expired_draft(app):
    with app.app_context():
        session.add(
            ReportDraft(
                token_hash="0" * 64,
                report_type="fraud",
                answers={},
                expires_at=clock.now() - timedelta(days=1),
                updated_at=clock.now() - timedelta(days=31),
            )
        )
        session.commit()
