"""After every other test (conftest.py runs this last): nothing was lost or doubled on the way through the stack. The
reports stored are exactly those whose confirmation a browser showed; each has one `received` event and one
confirmation email in the mail server's mailbox; every evidence object is in the object store, unchanged."""

from __future__ import annotations

import hashlib
import time
from collections import Counter

from flask import Flask
from sqlalchemy import func, select

from deploy.stack import BUCKET, Stack
from e2e_stack.conftest import Ledger
from e2e_stack.pages import mail
from portal.db import session
from portal.models import CaseEvent, Evidence, OutboxMessage, Report
from portal.services.reporting import references


def wait_for_the_outbox(portal: Flask, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    with portal.app_context():
        while session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")):
            assert time.monotonic() < deadline, "the outbox sender left messages unsent"
            session.rollback()
            time.sleep(0.2)


def test_every_report_is_stored_once_with_its_event_its_email_and_its_files(
    stack: Stack, portal: Flask, ledger: Ledger
):
    assert len(ledger.confirmed) >= 3, "the other tests did not run"
    confirmed = sorted(references.normalise(reference) for reference in ledger.confirmed)
    wait_for_the_outbox(portal)
    with portal.app_context():
        reports = session.scalars(select(Report).where(Report.reference.not_in(ledger.before))).all()
        assert sorted(report.reference for report in reports) == confirmed
        received = Counter(
            session.scalars(
                select(CaseEvent.report_id).where(
                    CaseEvent.kind == "received", CaseEvent.report_id.in_([report.id for report in reports])
                )
            )
        )
        assert all(received[report.id] == 1 for report in reports), received
        files = {report.reference: sorted(e.sha256 for e in report_evidence(report.id)) for report in reports}
        evidence = [(e.storage_key, e.preview_key, e.sha256) for e in session.scalars(select(Evidence))]

    subjects = Counter(message["Subject"] for _path, message in mail(stack))
    for reference in confirmed:
        assert subjects[f"Your report {references.display(reference)} has been received"] == 1, reference

    for reference in ledger.confirmed:
        sent = sorted(hashlib.sha256(data).hexdigest() for data in ledger.files[reference])
        assert files[references.normalise(reference)] == sent

    store = stack.s3()
    listing = store.list_objects_v2(Bucket=BUCKET, Prefix="evidence/")
    stored = {item["Key"] for item in listing.get("Contents", [])}
    expected = {f"evidence/{key}" for key, _preview, _sha in evidence}
    expected |= {f"evidence/{preview}" for _key, preview, _sha in evidence if preview}
    assert stored == expected  # every file present, and nothing left over (removed or refused files)
    for key, _preview, sha256 in evidence:
        body = store.get_object(Bucket=BUCKET, Key=f"evidence/{key}")["Body"].read()
        assert hashlib.sha256(body).hexdigest() == sha256


def report_evidence(report_id: int) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.report_id == report_id)))
