"""The evidence step of the report journeys, without JavaScript: add, list, remove, continue, check answers, send;
every refusal reaches the page as a GOV.UK error naming the file (security checks 22-24)."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import Evidence, Report, ReportDraft
from tests.factories.reports import db_fixture, send, ward_fixture  # noqa: F401  (fixtures)
from tests.pages import page
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import (  # noqa: F401  (fixtures)
    STEP,
    finish_report,
    listed,
    store_fixture,
    stored_files,
    to_evidence_step,
    upload,
)


def evidence_rows(db) -> list[Evidence]:
    return db(lambda: list(session.scalars(select(Evidence).order_by(Evidence.id))))


def test_the_page_states_what_can_be_uploaded_and_the_limits_before_any_upload(client, ward, store):
    p = to_evidence_step(client, ward.code)
    assert "Upload a photo (JPG, PNG, HEIC, WebP or GIF), a video (MP4, MOV or WebM)" in p.text
    assert "Each video must be smaller than 100 MB and each other file smaller than 20 MB" in p.text
    assert "up to 20 files to a report, up to 500 MB in total" in p.text
    assert "dash-cam" in p.text
    file_input = p.select_one("input[type=file]")
    assert file_input["name"] == "file" and "image/jpeg" in file_input["accept"]
    assert p.select_one("form[data-evidence-upload]")["enctype"] == "multipart/form-data"


@pytest.mark.parametrize(
    ("slug", "hint"),
    [("fraud", "screenshots of messages"), ("anti-social-behaviour", "recordings of the noise")],
)
def test_fraud_and_asb_reports_have_the_step_too(app, client, ward, slug, hint):
    from portal.report_types import REPORT_TYPES

    step = REPORT_TYPES[slug].step("evidence-files")
    assert step is not None and hint in step.suggestions


def test_add_two_files_remove_one_continue_and_send(client, ward, db, store):
    to_evidence_step(client, ward.code)
    photo, statement = samples.jpeg(), samples.pdf()
    p = upload(client, (photo, "damage.jpg"))
    assert p.error_messages() == []
    p = upload(client, (statement, "statement.pdf"))
    assert listed(p) == ["damage.jpg", "statement.pdf"]
    assert "JPG photo" in p.text and "PDF document" in p.text
    assert len(stored_files(store)) == 3  # two originals and the photo's preview

    remove = p.select("form[action$='/remove']")[1]
    response = client.post(remove["action"], data={"csrf_token": p.csrf_token()}, follow_redirects=True)
    p = page(client, STEP)
    assert response.status_code == 200 and listed(p) == ["damage.jpg"]
    assert len(stored_files(store)) == 2  # the PDF's bytes went with it

    p = upload(client, action="continue")
    assert p.h1 != "Upload evidence"
    finish_report(client, ward.code)
    answers = page(client, "/report/road-traffic-incident/check-answers")
    files_row = [row for row in answers.select(".govuk-summary-list__row") if "Files" in row.get_text()]
    assert files_row and "damage.jpg (JPG photo" in files_row[0].get_text()
    change = files_row[0].select_one("a")["href"]
    assert change.startswith(STEP) and "return-to=check-answers" in change

    send(client, "road-traffic-incident")
    report = db(lambda: session.scalar(select(Report)))
    [evidence] = evidence_rows(db)
    assert evidence.report_id == report.id and evidence.draft_id is None
    assert evidence.sha256 == hashlib.sha256(photo).hexdigest() and evidence.size == len(photo)
    assert (evidence.uploaded_by, evidence.mime, evidence.kind) == ("reporter", "image/jpeg", "image")
    record = json.dumps(report.answers)
    assert "damage.jpg" in record and "statement.pdf" not in record


def test_continue_with_a_file_chosen_uploads_it_then_moves_on(client, ward, db, store):
    to_evidence_step(client, ward.code)
    p = upload(client, (samples.png(), "scene.png"), action="continue")
    assert p.h1 != "Upload evidence" and not p.error_messages()
    assert [e.display_name for e in evidence_rows(db)] == ["scene.png"]


def test_upload_without_choosing_a_file_asks_for_one(client, ward, store):
    to_evidence_step(client, ward.code)
    p = upload(client)
    assert p.error_messages() == ["Select a file to upload"]
    assert p.title.startswith("Error: ")


REFUSED = [
    ("html renamed .jpg", samples.HTML, "photo.jpg", "web page"),
    ("svg renamed .jpg", samples.SVG, "photo.jpg", "SVG"),
    ("polyglot gif and html", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>", "cat.gif", "web page"),
    ("zip archive", samples.zip_archive(), "photos.zip", "compressed archive"),
    ("windows program", samples.exe(), "holiday.jpg", "Windows program"),
    ("zero bytes", b"", "empty.jpg", "is empty"),
]


@pytest.mark.parametrize(("data", "name", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_files_get_an_error_summary_naming_the_file(client, ward, db, store, data, name, reason):
    to_evidence_step(client, ward.code)
    p = upload(client, (data, name))
    [message] = p.error_messages()
    assert f"‘{name}’" in message and reason in message
    assert p.title.startswith("Error: ")
    assert p.select_one(".govuk-error-summary__list a")["href"] == "#file"
    assert listed(p) == [] and evidence_rows(db) == [] and stored_files(store) == []


NAMES = [
    ("../../../etc/passwd.jpg", "passwd.jpg"),
    ("/var/www/static/evil.jpg", "evil.jpg"),
    ("photo\x00.php.jpg", "photo.php.jpg"),
    ("invoice\u202egpj.exe", "invoicegpj.exe"),
]


@pytest.mark.parametrize(("sent", "shown"), NAMES, ids=["dot-dot", "absolute", "nul", "rtl-override"])
def test_hostile_names_are_only_display_text_and_never_a_path(client, ward, db, store, sent, shown):
    to_evidence_step(client, ward.code)
    p = upload(client, (samples.jpeg(gps=False, size=(40, 30)), sent))
    assert p.error_messages() == []
    assert listed(p) == [shown]
    [evidence] = evidence_rows(db)
    assert evidence.display_name == shown
    # Stored under random hex keys inside the storage folder, whatever the name said.
    for path in stored_files(store):
        assert path.parent.parent == store and len(path.name) == 32 and path.name.isalnum()


def test_a_file_over_its_limit_is_refused_naming_the_file(app, client, ward, db, store, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_FILE_BYTES", 2048)
    to_evidence_step(client, ward.code)
    p = upload(client, (samples.jpeg(), "big.jpg"))
    assert p.error_messages() == ["The file ‘big.jpg’ is larger than 2 KB"]
    assert evidence_rows(db) == [] and stored_files(store) == []


def test_too_many_files_are_refused_and_what_is_attached_stays(app, client, ward, db, store, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_FILES", 1)
    to_evidence_step(client, ward.code)
    upload(client, (samples.text(), "first.txt"))
    p = upload(client, (samples.text(), "second.txt"))
    assert p.error_messages() == ["You can attach up to 1 files to a report. Remove a file before adding ‘second.txt’"]
    assert listed(p) == ["first.txt"]


def test_eicar_is_quarantined_with_a_clear_message_and_kept_unserved(client, ward, db, store):
    to_evidence_step(client, ward.code)
    p = upload(client, (samples.EICAR, "eicar.txt"))
    assert p.error_messages() == ["The file ‘eicar.txt’ contains a virus"]
    assert "Not accepted: it failed a virus check" in p.text
    [evidence] = evidence_rows(db)
    assert evidence.quarantined and evidence.scan_status == "infected" and evidence.preview_key is None


def test_an_oversized_request_gets_the_413_page_and_keeps_what_was_attached(app, client, ward, db, store, monkeypatch):
    to_evidence_step(client, ward.code)
    upload(client, (samples.jpeg(gps=False, size=(40, 30)), "kept.jpg"))
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    p = upload(client, (b"\xff\xd8\xff" + b"\x00" * 60_000, "huge.jpg"), status=413)
    assert p.h1 == "The file you sent is too large"
    assert "Anything you had already added has been kept" in p.text
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 110 * 1024 * 1024)
    assert listed(page(client, STEP)) == ["kept.jpg"]
    assert [e.display_name for e in evidence_rows(db)] == ["kept.jpg"]


def test_the_script_gets_json_and_refusals_show_on_the_reloaded_page(client, ward, db, store):
    to_evidence_step(client, ward.code)
    accept = {"Accept": "application/json"}
    ok = upload(client, (samples.webp(), "a.webp"), headers=accept)
    assert ok.status_code == 200 and ok.json == {"attached": ["a.webp"], "errors": []}
    refused = upload(client, (samples.SVG, "b.jpg"), headers=accept)
    assert refused.status_code == 422 and refused.json["attached"] == []
    assert "‘b.jpg’" in refused.json["errors"][0]
    p = page(client, STEP)
    assert len(p.error_messages()) == 1 and "‘b.jpg’" in p.error_messages()[0]
    assert listed(p) == ["a.webp"]
    assert page(client, STEP).error_messages() == []  # shown once


def test_removing_a_file_of_another_draft_is_not_found(client, app, ward, db, store):
    to_evidence_step(client, ward.code)
    upload(client, (samples.text(), "mine.txt"))
    [evidence] = evidence_rows(db)
    other = app.test_client()
    to_evidence_step(other, ward.code)
    token = page(other, STEP).csrf_token()
    response = other.post(f"{STEP}/files/{evidence.id}/remove", data={"csrf_token": token})
    assert response.status_code == 404
    assert len(evidence_rows(db)) == 1


def test_a_draft_keeps_its_files_listed_in_its_answer(client, ward, db, store):
    to_evidence_step(client, ward.code)
    upload(client, (samples.mp3_id3(), "noise.mp3"))
    draft = db(lambda: session.scalar(select(ReportDraft)))
    [item] = draft.answers["evidence-files"]["files"]
    assert (item["name"], item["type"]) == ("noise.mp3", "MP3 recording")


def test_remove_buttons_name_their_file_for_screen_readers_with_the_name_escaped(client, ward, store):
    to_evidence_step(client, ward.code)
    p = upload(client, (samples.text(), "<img src=x onerror=alert(1)>.txt"))
    button = p.select_one("form[action$='/remove'] button")
    assert " ".join(button.get_text(" ").split()) == "Remove <img src=x onerror=alert(1)>.txt"
    assert button.select_one(".govuk-visually-hidden") is not None and button.select_one("img") is None


def test_uploads_are_rate_limited_per_client(client, ward, store):
    to_evidence_step(client, ward.code)
    token = page(client, STEP).csrf_token()
    statuses = [
        client.post(f"{STEP}/files", data={"csrf_token": token, "action": "upload"}).status_code for _ in range(61)
    ]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
