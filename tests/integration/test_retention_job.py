"""The daily disposal job against every row of the retention schedule: records seeded either side of each rule's
cutoff (and held, restricted or restarted ones past it), one run, then exactly the due records are gone, anonymised or
flagged for review, their evidence objects deleted from the store, and a second run changes nothing. A crash inside a
batch leaves that batch as it was; the next run finishes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from portal.core import clock
from portal.db import session
from portal.models import (
    AuditEvent,
    CaseEvent,
    Evidence,
    OutboxMessage,
    PriorityFeedback,
    Report,
    ReportDraft,
    ReportIdentifier,
    RetentionReview,
    StaffEnrolmentLink,
    StaffSession,
    SubjectAccessRequest,
    TrackSession,
    TrackSignInToken,
    report_count,
)
from portal.services.mail import links
from portal.services.retention import job, removal, schedule
from tests.factories import retention as f
from tests.factories.reports import make_report
from tests.factories.staff import make_staff
from tests.factories.wards import make_ward
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)

NOW = datetime.now(UTC).replace(microsecond=0)
DAY = timedelta(days=1)


def cutoff(code: str) -> datetime:
    rule = next(r for r in schedule.defaults() if r.code == code)
    return rule.cutoff(NOW)


def due(code: str) -> datetime:
    return cutoff(code) - DAY


def fresh(code: str) -> datetime:
    return cutoff(code) + DAY


def closed_report(at: datetime, outcome: str, report_type: str = "fraud", status: str = "closed", **columns):
    report = make_report(report_type, status=status, outcome=outcome, closed_at=at, **columns)
    session.add(CaseEvent(report_id=report.id, kind="internal_note", text="Spoke to the reporter, Ms Smith"))
    session.commit()
    return report


def stored(root: Path, key: str) -> bool:
    return (root / key[:2] / key).is_file()


@pytest.fixture
def world(app, store, monkeypatch):
    """One record each side of every rule's cutoff, and the ones that must survive although past it."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        ward, staff = make_ward(), make_staff("officer")
        ids: dict[str, int] = {}

        def keep(name: str, row):  # noqa: ANN001
            ids[name] = row.id
            return row

        draft = keep("draft_due", f.make_draft(due("drafts")))
        keep("draft_file", f.make_evidence(draft=draft))
        keep("draft_fresh", f.make_draft(fresh("drafts")))

        keep("crime_due", closed_report(due("reports-recorded-crime"), "charged"))
        keep("crime_fresh", closed_report(fresh("reports-recorded-crime"), "nfa-evidence"))
        keep("asb_due", closed_report(due("reports-asb-information"), "information-recorded", "anti-social-behaviour"))
        info = keep("info_due", closed_report(due("reports-information-only"), "information-recorded"))
        f.make_evidence(report=info)
        f.make_identifier(info, "phone", "+447911123456", "reporter")
        f.make_sign_in(info, NOW)  # attached: goes with the report whatever its own age
        f.make_case_session(info, NOW)
        f.make_outbox(NOW, report=info)
        session.add(CaseEvent(report_id=info.id, kind="public_update", public=True, text="We spoke to Ms Smith"))
        session.commit()
        keep("info_fresh", closed_report(fresh("reports-information-only"), "information-recorded"))
        held = keep("info_held", closed_report(due("reports-information-only"), "information-recorded"))
        f.hold(held)
        f.make_evidence(report=held, exported_at=due("evidence-exported"))  # exported, but its report is held
        f.make_sign_in(held, due("track-sign-in-links"))
        restarted = keep("info_restarted", closed_report(due("reports-information-only"), "information-recorded"))
        f.hold(restarted, lifted_at=NOW - DAY)
        restarted.retention_restarted_at = NOW - DAY
        session.commit()
        keep("info_restricted", closed_report(due("reports-information-only"), "information-recorded", restricted=True))
        keep("referred_due", closed_report(due("reports-referred"), "referred-council", status="referred"))
        keep("other_due", closed_report(due("reports-other-closed"), "a-retired-outcome"))
        keep("open_due", make_report("fraud", status="investigating", updated_at=due("reports-open")))
        keep("open_fresh", make_report("fraud", status="investigating", updated_at=fresh("reports-open")))

        recent = make_report("road-traffic-incident", ward=ward)
        ids["exported_due"] = f.make_evidence(report=recent, exported_at=due("evidence-exported")).id
        ids["exported_fresh"] = f.make_evidence(report=recent, exported_at=fresh("evidence-exported")).id
        ids["not_exported"] = f.make_evidence(report=recent).id

        keep("outbox_due", f.make_outbox(due("outbox")))
        keep("outbox_fresh", f.make_outbox(fresh("outbox")))
        keep("outbox_pending", f.make_outbox(due("outbox"), status="pending"))
        keep("link_due", f.make_sign_in(recent, due("track-sign-in-links")))
        keep("link_fresh", f.make_sign_in(recent, fresh("track-sign-in-links")))
        keep("case_session_due", f.make_case_session(recent, due("track-sessions")))
        keep("case_session_fresh", f.make_case_session(recent, fresh("track-sessions")))
        keep("staff_session_due", f.make_staff_session(staff, due("staff-sessions")))
        keep("staff_session_fresh", f.make_staff_session(staff, fresh("staff-sessions")))
        keep("enrolment_link_due", f.make_enrolment_link(staff, due("staff-enrolment-links")))
        keep("enrolment_link_fresh", f.make_enrolment_link(staff, fresh("staff-enrolment-links")))
        keep("feedback_due", f.make_feedback(ward, due("priority-feedback")))
        keep("feedback_fresh", f.make_feedback(ward, fresh("priority-feedback")))
        keep("request_due", f.make_access_request(due("subject-access-requests")))
        keep("request_fresh", f.make_access_request(fresh("subject-access-requests")))
        keep("request_open", f.make_access_request(due("subject-access-requests"), completed=False))
        keep("audit_due", f.make_audit(due("audit-events")))
        keep("audit_fresh", f.make_audit(fresh("audit-events")))
        keys = {e.id: e.storage_key for e in session.scalars(select(Evidence))}
    return ids, keys


def gone(model, row_id: int) -> bool:
    return session.get(model, row_id, populate_existing=True) is None


def test_the_job_disposes_of_exactly_what_each_rule_says_and_a_second_run_changes_nothing(app, world, store):
    ids, keys = world
    with app.app_context():
        summary = job.run()
        by_rule = {result.rule.code: result.due for result in summary.results}
        assert by_rule == {
            "drafts": 1,
            "reports-recorded-crime": 1,
            "reports-asb-information": 1,
            "reports-information-only": 1,
            "reports-referred": 1,
            "reports-other-closed": 1,
            "reports-open": 1,
            "evidence-exported": 1,
            "outbox": 1,
            "track-sign-in-links": 1,
            "track-sessions": 1,
            "staff-sessions": 1,
            "staff-enrolment-links": 1,
            "priority-feedback": 1,
            "subject-access-requests": 1,
            "audit-events": 1,
        }

        # Deleted: due, unattached records of every kind; kept: the fresh ones and the email still to send.
        for model, name in [
            (ReportDraft, "draft"),
            (OutboxMessage, "outbox"),
            (TrackSignInToken, "link"),
            (TrackSession, "case_session"),
            (StaffSession, "staff_session"),
            (StaffEnrolmentLink, "enrolment_link"),
            (PriorityFeedback, "feedback"),
            (SubjectAccessRequest, "request"),
            (AuditEvent, "audit"),
        ]:
            assert gone(model, ids[f"{name}_due"]), name
            assert not gone(model, ids[f"{name}_fresh"]), name
        assert not gone(OutboxMessage, ids["outbox_pending"])
        assert not gone(SubjectAccessRequest, ids["request_open"])
        assert gone(Evidence, ids["draft_file"])
        assert not stored(store, keys[ids["draft_file"]])

        # Evidence copied to the force's system goes before its report; the report's history says so.
        assert gone(Evidence, ids["exported_due"]) and not stored(store, keys[ids["exported_due"]])
        assert not gone(Evidence, ids["exported_fresh"]) and stored(store, keys[ids["exported_fresh"]])
        assert not gone(Evidence, ids["not_exported"])
        disposed = session.scalars(select(CaseEvent.text).where(CaseEvent.kind == "evidence_disposed")).all()
        assert len(disposed) == 1 and "removed from the portal" in disposed[0]

        _assert_reports(ids, keys, store)

        # One audit record per batch, with its counts.
        batches = session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.batch")).all()
        assert len(batches) == 16
        info = next(e for e in batches if e.target_id == "reports-information-only")
        assert info.detail == "1 due; evidence files deleted: 1; reports anonymised: 1"

        # Statistics still count every report: anonymising and flagging change none of the queue's counts.
        assert report_count.differences(session.connection()) == {}

        before = f.snapshot()
        again = job.run()
        assert again.total == 0
        assert f.snapshot() == before


def _assert_reports(ids: dict[str, int], keys: dict[int, str], store: Path) -> None:
    info = session.get(Report, ids["info_due"], populate_existing=True)
    assert info.anonymised_at is not None
    assert (info.reporter_name, info.reporter_email, info.answers["sections"]) == (None, None, [])
    assert (info.report_type, info.status, info.outcome) == ("fraud", "closed", "information-recorded")
    for model in (ReportIdentifier, TrackSignInToken, TrackSession, Evidence):
        assert session.scalar(select(func.count()).select_from(model).where(model.report_id == info.id)) == 0
    carried = OutboxMessage.link_kind == links.TRACK_SIGN_IN, OutboxMessage.link_for_id == info.id
    assert session.scalar(select(func.count()).where(*carried)) == 0
    texts = session.scalars(select(CaseEvent.text).where(CaseEvent.report_id == info.id)).all()
    assert texts and all(text is None for text in texts)
    assert session.get(Report, ids["referred_due"], populate_existing=True).anonymised_at is not None

    # Reviews, not removal: crimes, ASB recorded as information (the more specific rule wins), other closing outcomes
    # and long-untouched open cases. The reports themselves are unchanged.
    flagged = dict(session.execute(select(RetentionReview.report_id, RetentionReview.rule_code)).tuples().all())
    assert flagged == {
        ids["crime_due"]: "reports-recorded-crime",
        ids["asb_due"]: "reports-asb-information",
        ids["other_due"]: "reports-other-closed",
        ids["open_due"]: "reports-open",
    }
    assert session.get(Report, ids["asb_due"]).reporter_email == "reporter@example.com"

    # Untouched: not yet due, held (and what is attached to it), restarted by a lifted hold, restricted.
    for name in ("info_fresh", "info_held", "info_restarted", "info_restricted", "crime_fresh", "open_fresh"):
        report = session.get(Report, ids[name], populate_existing=True)
        assert report.anonymised_at is None and report.reporter_email == "reporter@example.com", name
    held_files = session.scalars(select(Evidence).where(Evidence.report_id == ids["info_held"])).all()
    assert len(held_files) == 1 and stored(store, held_files[0].storage_key)
    assert session.scalar(select(func.count()).where(TrackSignInToken.report_id == ids["info_held"])) == 1


def test_a_crash_inside_a_batch_leaves_that_batch_whole_and_the_next_run_finishes(app, store, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        reports = [closed_report(due("reports-information-only"), "information-recorded") for _ in range(3)]
        files = [(e.id, e.storage_key) for e in (f.make_evidence(report=report) for report in reports)]
        ids = [report.id for report in reports]
        real = removal.anonymise_reports
        calls = []

        def crash_on_second_batch(batch, now):  # noqa: ANN001
            counts = real(batch, now)  # the work is done inside the transaction...
            calls.append(list(batch))
            if len(calls) == 2:
                raise RuntimeError("power cut")  # ...and then the process dies before the batch commits
            return counts

        monkeypatch.setattr(removal, "anonymise_reports", crash_on_second_batch)
        with pytest.raises(RuntimeError, match="power cut"):
            job.run(batch_size=2)
        assert calls == [ids[:2], ids[2:]]
        session.expire_all()
        first, second = session.get(Report, ids[0]), session.get(Report, ids[2])
        assert first.anonymised_at is not None and first.reporter_email is None
        # The crashed batch is exactly as it was: details, history, identifiers and its file's row all there.
        assert second.anonymised_at is None and second.reporter_email == "reporter@example.com"
        notes = session.scalars(select(CaseEvent.text).where(CaseEvent.report_id == ids[2])).all()
        assert "Spoke to the reporter, Ms Smith" in notes
        assert session.get(Evidence, files[2][0]) is not None
        batches = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "retention.batch")).all()
        assert batches == ["2 due; evidence files deleted: 2; reports anonymised: 2"]

        monkeypatch.setattr(removal, "anonymise_reports", real)
        result = job.run(batch_size=2)
        assert {r.rule.code: r.due for r in result.results if r.due} == {"reports-information-only": 1}
        session.expire_all()
        assert session.get(Report, ids[2]).anonymised_at is not None
        assert session.get(Evidence, files[2][0]) is None and not stored(store, files[2][1])


def test_a_dry_run_says_what_is_due_and_changes_nothing(app, world):
    with app.app_context():
        before = f.snapshot()
        summary = job.run(dry_run=True)
        assert summary.total == 16
        assert "reports-information-only: 1 reports due (6 years after closed), would anonymise" in summary.lines()
        assert f.snapshot() == before


def test_reports_the_schedule_deletes_go_with_everything_attached_and_the_counts_stay_exact(app, store, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with app.app_context():
        from portal.models import RetentionRule

        schedule.ensure_defaults()
        rule = session.scalar(select(RetentionRule).where(RetentionRule.code == "reports-referred"))
        rule.action = "delete"
        session.commit()
        ward = make_ward()
        report = closed_report(due("reports-referred"), "referred-report-fraud", status="referred", ward=ward)
        file = f.make_evidence(report=report)
        f.make_sign_in(report, NOW)
        kept = closed_report(fresh("reports-referred"), "referred-report-fraud", status="referred", ward=ward)

        report_id, key, kept_id = report.id, file.storage_key, kept.id
        job.run()
        assert gone(Report, report_id) and not stored(store, key)
        assert session.scalar(select(func.count()).select_from(TrackSignInToken)) == 0
        assert not gone(Report, kept_id)
        assert report_count.differences(session.connection()) == {}


def test_postgresql_lets_only_the_job_delete_and_only_records_two_years_old(app):
    with app.app_context():
        from portal.db import db

        if db.engine.dialect.name != "postgresql":
            pytest.skip("the trigger exists on PostgreSQL; the ORM guard covers SQLite")
        old = f.make_audit(NOW - timedelta(days=3 * 365)).id
        recent = f.make_audit(NOW - timedelta(days=365)).id
        job_says = "SELECT set_config('portal.audit_disposal', 'on', true)"
        for setting, row in ((None, old), (job_says, recent)):
            with db.engine.connect() as connection, pytest.raises(Exception, match="append-only"):
                if setting:
                    connection.execute(text(setting))
                connection.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": row})
        with db.engine.begin() as connection:
            connection.execute(text(job_says))
            assert connection.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": old}).rowcount == 1
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM audit_event")).scalars().all() == [recent]
