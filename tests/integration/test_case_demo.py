"""`flask --app portal demo load`'s reports step: six demo reports of every type in West End through the real
submission service, two with the demo officer; idempotent; and the reference it prints works on "Track a report"."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.core import clock
from portal.db import session
from portal.demo import STEPS
from portal.models import CaseEvent, OutboxMessage, Report, StaffUser
from portal.services.cases import counts as queue_counts
from portal.services.cases import queue
from portal.services.reporting import references
from portal.services.staff import accounts
from tests.factories.staff import login_as
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit


def load_demo(app) -> str:
    from portal.demo.reports import demo_reports
    from portal.demo.staff import demo_staff

    with app.app_context():
        demo_staff()
        return demo_reports()


def test_the_steps_run_in_order_staff_before_reports(app):
    names = [name for name, _function in STEPS]
    assert names.index("staff") < names.index("reports")


def test_the_step_skips_clearly_without_the_ward(app_context):
    from portal.demo.reports import demo_reports

    summary = demo_reports()
    assert summary.startswith("skipped") and "E05013808" in summary


def test_demo_reports_reach_the_demo_officer_once(app, client):
    with app.app_context():
        make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
    first = load_demo(app)
    assert first.startswith("6 demo reports sent (0 already there)")
    again = load_demo(app)
    assert again.startswith("0 demo reports sent (6 already there)")
    assert again.splitlines()[1:] == first.splitlines()[1:]  # the same reference to try

    with app.app_context():
        reports = list(session.scalars(select(Report).order_by(Report.id)))
        assert len(reports) == 6
        assert {r.report_type for r in reports} == {"anti-social-behaviour", "fraud", "road-traffic-incident"}
        assert all(r.ward.code == "E05013808" and references.is_valid(r.reference) for r in reports)
        assert session.scalar(select(func.count()).where(CaseEvent.kind == "received")) == 6
        confirmations = session.scalar(select(func.count()).where(OutboxMessage.kind == "report-confirmation"))
        assert confirmations == 6
        officer = accounts.by_email("officer.demo@example.org")
        mine = [r for r in reports if r.assigned_to_id == officer.id]
        assert len(mine) == 2 and {r.status for r in mine} == {"assigned"}
        updates = session.scalars(
            select(CaseEvent.report_id).where(CaseEvent.kind == "public_update", CaseEvent.actor_id == officer.id)
        )
        assert set(updates) == {r.id for r in mine}
        # In the demo officer's queue: four awaiting triage, two of their own.
        counts = queue_counts.for_queue(officer, queue.Filters(status="open"), clock.now())
        assert counts["status"] == {"received": 4, "assigned": 2, "open": 6, "all": 6}
        assert counts["assigned"]["me"] == 2
        login_as(client, session.get(StaffUser, officer.id))
    listed = page(client, "/staff/queue?status=open").select("table tbody tr")
    assert len(listed) == 6

    reference, email = re.search(r"reference (\S+), email (\S+)", first).groups()
    submit(client, "/track", {"reference": reference, "email": email}, title="Check your email")
    with app.app_context():
        sent = session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "track-sign-in")).all()
    assert sent == [email]
