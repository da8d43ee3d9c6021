"""Files of drafts that are never sent are deleted with the draft; a sent report keeps its files."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from portal.core import clock
from portal.db import session
from portal.models import Evidence, ReportDraft
from tests.factories.reports import send, ward_fixture  # noqa: F401  (fixtures)
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import (  # noqa: F401  (fixture)
    finish_report,
    store_fixture,
    stored_files,
    to_evidence_step,
    upload,
)


def test_the_daily_job_deletes_files_of_expired_drafts_and_keeps_sent_reports_files(app, ward, store):
    sent, abandoned = app.test_client(), app.test_client()
    to_evidence_step(sent, ward.code)
    upload(sent, (samples.jpeg(gps=False, size=(60, 40)), "sent.jpg"))
    upload(sent, action="continue")
    finish_report(sent, ward.code)
    send(sent, "road-traffic-incident")
    to_evidence_step(abandoned, ward.code)
    upload(abandoned, (samples.png(), "abandoned.png"))
    upload(abandoned, (samples.wav(), "abandoned.wav"))
    assert len(stored_files(store)) == 5  # three originals, two previews

    with app.app_context():
        # Untouched for longer than the schedule keeps a draft (30 days after its last change).
        session.execute(update(ReportDraft).values(updated_at=clock.now() - timedelta(days=31)))
        session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        left = session.scalars(select(Evidence)).all()
        assert [(e.display_name, e.report_id is not None) for e in left] == [("sent.jpg", True)]
        kept = {e.storage_key for e in left} | {e.preview_key for e in left}
        assert session.scalars(select(ReportDraft)).all() == []
    assert {path.name for path in stored_files(store)} == kept


def test_adding_a_file_keeps_the_draft_alive(app, client, ward, store):
    to_evidence_step(client, ward.code)
    with app.app_context():
        session.execute(update(ReportDraft).values(expires_at=clock.now() + timedelta(days=1)))
        session.commit()
    upload(client, (samples.text(), "notes.txt"))
    with app.app_context():
        draft = session.scalar(select(ReportDraft))
        expires = draft.expires_at if draft.expires_at.tzinfo else draft.expires_at.replace(tzinfo=clock.now().tzinfo)
        assert expires > clock.now() + timedelta(days=29)
