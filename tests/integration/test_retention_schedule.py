"""The retention schedule as data: the privacy notice is generated from it (and says what the job does), an
administrator changes a rule (checked and audited), others may only read it, and `flask retention` runs the job."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, PriorityFeedback
from portal.services.retention import schedule
from tests.factories.retention import make_feedback
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_ward
from tests.pages import page, submit

NOW = datetime.now(UTC).replace(microsecond=0)
PERIOD = re.compile(r"^(\d+) (day|month|year)s? after (.+)$")


def notice_rows(client) -> list[list[str]]:
    table = page(client, "/privacy-notice", title="Privacy notice").select_one("#retention-schedule")
    return [[" ".join(cell.get_text(" ").split()) for cell in row.select("td")] for row in table.select("tbody tr")]


def test_the_privacy_notice_states_every_rule_of_the_schedule(app, client):
    rows = notice_rows(client)
    with app.app_context():
        rules = schedule.rules()
    assert len(rows) == len(rules) == len(schedule.defaults())
    for (what, how_long, then), rule in zip(rows, rules, strict=True):
        value, unit, trigger = PERIOD.match(how_long).groups()
        assert what == rule.description
        assert (int(value), f"{unit}s") == (rule.period_value, rule.period_unit)
        assert trigger == schedule.TRIGGER_LABELS[rule.trigger]
        assert then == schedule.ACTION_LABELS[rule.action]
    assert ["What you tell us about your area's priorities", "2 years after it was made", "Deleted"] in rows


def test_a_changed_rule_changes_the_notice_and_what_the_job_does_alike(app, client, monkeypatch):
    """Feedback two years and a day old goes under the default; once an administrator makes it three years, the
    notice says three years and the job keeps it."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        ward = make_ward()
        old = make_feedback(ward, schedule.period_before(NOW, 2, "years") - timedelta(days=1)).id
        login_as(client, make_staff("admin"))
    form = page(
        client, "/staff/information-rights/retention-schedule/priority-feedback", title="Change a retention rule"
    )
    assert form.select_one("input[name=period_value]")["value"] == "2"
    changed = submit(
        client,
        "/staff/information-rights/retention-schedule/priority-feedback",
        {
            "trigger": "created",
            "period_value": "3",
            "period_unit": "years",
            "action": "delete",
            "source": "Panel asked",
        },
        title="Retention schedule",
    )
    assert "Rule changed" in changed.text
    assert ["What you tell us about your area's priorities", "3 years after it was made", "Deleted"] in notice_rows(
        client
    )
    with app.app_context():
        from portal.services.retention import job

        job.run()
        assert session.get(PriorityFeedback, old) is not None
        record = session.scalar(select(AuditEvent).where(AuditEvent.action == "retention.rule_changed"))
        assert record.target_id == "priority-feedback"
        assert record.detail == "delete 2 years after created -> delete 3 years after created"


@pytest.mark.parametrize(
    ("code", "answers", "error"),
    [
        ("priority-feedback", {"period_value": "0"}, "The period must be between 1 and 1200"),
        ("priority-feedback", {"period_value": "two"}, "Enter the period as a whole number, like 6"),
        (
            "audit-events",
            {"period_value": "18", "period_unit": "months"},
            "Audit log must be kept for at least 2 years",
        ),
        ("outbox", {"action": "review"}, "Select what happens at the end of the period"),
        ("priority-feedback", {"source": ""}, "Enter the source of this period"),
    ],
)
def test_a_rule_the_job_cannot_follow_is_refused_with_a_message(app, client, code, answers, error):
    with app.app_context():
        login_as(client, make_staff("admin"))
        rule = schedule.rule(code)
    data = {
        "trigger": rule.trigger,
        "period_value": str(rule.period_value),
        "period_unit": rule.period_unit,
        "action": rule.action,
        "source": rule.source,
        **answers,
    }
    result = submit(client, f"/staff/information-rights/retention-schedule/{code}", data)
    assert result.error_messages() == [error]
    with app.app_context():
        assert schedule.rule(code) == rule


def test_supervisors_read_the_schedule_and_only_administrators_change_it(app, client):
    with app.app_context():
        login_as(client, make_staff("supervisor"))
    schedule_page = page(client, "/staff/information-rights/retention-schedule", title="Retention schedule")
    assert "College of Policing APP" in schedule_page.text and "Change" not in schedule_page.texts("dt")
    page(client, "/staff/information-rights/retention-schedule/outbox", status=403)
    with app.app_context():
        login_as(client, make_staff("front_counter"))
    page(client, "/staff/information-rights/retention-schedule", status=403)


def test_the_retention_command_runs_the_job_and_its_dry_run_changes_nothing(app, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        ward = make_ward()
        old = make_feedback(ward, NOW - timedelta(days=3 * 365)).id
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was changed." in dry.output
    assert "priority-feedback: 1 priority feedback due (2 years after created), would delete" in dry.output
    with app.app_context():
        assert session.get(PriorityFeedback, old) is not None
    real = runner.invoke(args=["retention", "run"])
    assert real.exit_code == 0, real.output
    assert (
        "priority-feedback: 1 priority feedback due (2 years after created): 1 priority feedback deleted" in real.output
    )
    with app.app_context():
        assert session.get(PriorityFeedback, old) is None
    listed = runner.invoke(args=["retention", "schedule"])
    assert "drafts: Reports you start but do not send, and any files added to them: 30 days after it last changed" in (
        listed.output
    )
