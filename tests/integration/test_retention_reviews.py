"""Reviews the retention schedule asks for (MoPI): the job flags a closed crime report after six years, an information
rights officer decides, keeping it starts its clock again (it comes back six years later) and disposing of it removes
its personal details. A report on legal hold cannot be disposed of."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, Report, RetentionReview, StaffUser
from portal.services.retention import job, schedule
from tests.factories import retention as f
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.pages import page, submit

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def flagged(app, monkeypatch):
    """A crime report closed six years and a day ago, flagged by the job."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        closed = schedule.period_before(NOW, 6, "years") - timedelta(days=1)
        report = make_report("fraud", status="closed", outcome="nfa-evidence", closed_at=closed)
        job.run()
        review = session.scalar(select(RetentionReview))
        assert review is not None and review.report_id == report.id
        rights = make_staff("information_rights")
        return {"report": report.id, "review": review.id, "rights": rights.id}


def decide(client, review_id: int, **answers):
    return submit(client, f"/staff/information-rights/reviews/{review_id}", answers)


def test_keeping_a_report_starts_its_clock_again(app, client, flagged, monkeypatch):
    with app.app_context():
        login_as(client, session.get(StaffUser, flagged["rights"]))
    listed = page(client, "/staff/information-rights/reviews", title="Retention reviews")
    assert "Reports of crime, once the case is closed" in listed.text
    missing = decide(client, flagged["review"], decision="", reason="")
    assert missing.error_messages() == [
        "Select whether to keep the report or remove its personal details",
        "Enter the reason for the decision",
    ]
    kept = decide(client, flagged["review"], decision="keep", reason="Suspect known; linked to an open series")
    assert "decided" in kept.text and "No review is waiting" in kept.text
    with app.app_context():
        report = session.get(Report, flagged["report"])
        assert clock.aware(report.retention_restarted_at) == NOW and report.anonymised_at is None
        assert session.get(RetentionReview, flagged["review"]).decision == "keep"
        assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "report.retention_reviewed")) == (
            f"review {flagged['review']}: keep"
        )
        assert job.run().total == 0  # the clock starts again: not due

    later = schedule.period_before(NOW, -6, "years") + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    with app.app_context():
        due = {result.rule.code: result.due for result in job.run(later).results}
        assert due["reports-recorded-crime"] == 1
        assert len(session.scalars(select(RetentionReview).where(RetentionReview.decided_at.is_(None))).all()) == 1


def test_disposing_of_a_report_removes_its_personal_details(app, client, flagged):
    with app.app_context():
        login_as(client, session.get(StaffUser, flagged["rights"]))
    decide(client, flagged["review"], decision="dispose", reason="No policing purpose remains")
    with app.app_context():
        report = session.get(Report, flagged["report"])
        assert report.anonymised_at is not None and report.reporter_email is None and report.outcome == "nfa-evidence"


def test_a_held_report_is_kept_whatever_the_review_says(app, client, flagged):
    with app.app_context():
        f.hold(session.get(Report, flagged["report"]))
        login_as(client, session.get(StaffUser, flagged["rights"]))
    refused = decide(client, flagged["review"], decision="dispose", reason="No policing purpose remains")
    assert refused.error_messages() == ["This report is on legal hold: it must be kept until the hold is lifted"]
    with app.app_context():
        assert session.get(Report, flagged["report"]).anonymised_at is None


def test_only_information_rights_decide_reviews(app, client, flagged):
    with app.app_context():
        login_as(client, make_staff("supervisor"))
    page(client, "/staff/information-rights/reviews", status=403)
    page(client, f"/staff/information-rights/reviews/{flagged['review']}", status=403)
