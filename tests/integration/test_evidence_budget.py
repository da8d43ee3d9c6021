"""One client cannot fill the disk (security check 22): a daily upload budget per client, across every draft it
starts, and a free-space floor below which uploads are refused politely. Each refusal names the file, and the
report and the files already attached are kept."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from portal.db import session
from portal.models import Evidence, UploadAllowance
from tests.factories.reports import db_fixture, ward_fixture  # noqa: F401  (fixtures)
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import listed, store_fixture, stored_files, to_evidence_step, upload  # noqa: F401


def test_a_client_that_has_uploaded_its_days_worth_is_refused_even_in_a_new_draft(
    app, client, ward, db, store, monkeypatch
):
    statement = samples.text()
    monkeypatch.setitem(app.config, "EVIDENCE_CLIENT_DAILY_BYTES", len(statement) * 2 + 10)
    to_evidence_step(client, ward.code)
    upload(client, (statement, "one.txt"))
    p = upload(client, (statement, "two.txt"))
    assert listed(p) == ["one.txt", "two.txt"]
    p = upload(client, (statement, "three.txt"))
    [message] = p.error_messages()
    assert message.startswith("‘three.txt’ cannot be added today: we take up to ")
    assert message.endswith("of files a day from one connection. Your report and the files already attached are kept")
    assert listed(p) == ["one.txt", "two.txt"]
    # A new draft in another browser from the same client is held to the same day's budget.
    other = app.test_client()
    to_evidence_step(other, ward.code)
    assert upload(other, (statement, "four.txt")).error_messages()[0].startswith("‘four.txt’ cannot be added today")
    # Another client is not.
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.20"
    to_evidence_step(elsewhere, ward.code)
    assert listed(upload(elsewhere, (statement, "five.txt"))) == ["five.txt"]
    assert db(lambda: len(session.scalars(select(UploadAllowance)).all())) == 2


def test_uploads_are_refused_before_the_disk_fills(app, client, ward, db, store, monkeypatch):
    to_evidence_step(client, ward.code)
    upload(client, (samples.text(), "kept.txt"))
    # More than the whole disk: other processes freeing space between the steps cannot lift the floor above it.
    monkeypatch.setitem(app.config, "EVIDENCE_MIN_FREE_BYTES", shutil.disk_usage(store).total + 1)
    p = upload(client, (samples.text(), "refused.txt"))
    assert p.error_messages()[0].startswith("We cannot take ‘refused.txt’ at the moment")
    assert listed(p) == ["kept.txt"]
    assert db(lambda: [e.display_name for e in session.scalars(select(Evidence))]) == ["kept.txt"]
    assert len(stored_files(store)) == 1
