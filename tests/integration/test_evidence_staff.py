"""Staff see a report's evidence: the list with SHA-256, clean thumbnails, sandboxed viewing and audited downloads,
only for reports in their scope (security checks 9, 25 and 30)."""

from __future__ import annotations

import hashlib
import io
from urllib.parse import quote

import pytest
from flask import render_template
from PIL import ExifTags, Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.db import session
from portal.models import AuditEvent, CaseEvent, Evidence, Report
from portal.services.evidence import access
from portal.services.evidence import records as evidence_records
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)

PHOTO = samples.jpeg()  # with GPS EXIF, XMP and a comment
STATEMENT = samples.text()
SCAN = samples.pdf()


def file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def case(app, store):
    """A West End report with a photo, a text statement, a PDF and a quarantined file; officers in and out of
    scope."""
    with app.app_context():
        westminster, camden = make_borough("Westminster", "E09000033"), make_borough("Camden", "E09000007")
        west_end = make_ward("West End", "E05013808", westminster)
        holborn = make_ward("Holborn", "E05013660", camden)
        report = make_report("road-traffic-incident", ward=west_end)
        photo = evidence_records.attach(report, file(PHOTO, "damage photo 照片.jpg"), "victim").evidence
        statement = evidence_records.attach(report, file(STATEMENT, "statement.html"), "victim").evidence
        scan = evidence_records.attach(report, file(SCAN, "letter.pdf"), "victim").evidence
        virus = evidence_records.attach(report, file(samples.EICAR, "eicar.txt"), "victim").evidence
        ids = {
            "report": report.id,
            "photo": photo.id,
            "statement": statement.id,
            "scan": scan.id,
            "virus": virus.id,
            "officer": make_staff("officer", wards=[west_end]).id,
            "elsewhere": make_staff("officer", wards=[holborn]).id,
            "supervisor": make_staff("supervisor", boroughs=[westminster]).id,
        }
    return ids


def signed_in(app, client, case, who: str):
    from portal.models import StaffUser

    with app.app_context():
        login_as(client, session.get(StaffUser, case[who]))
    return client


def url(case, name: str, action: str) -> str:
    return f"/staff/reports/{case['report']}/evidence/{case[name]}/{action}"


def fetch(client, path: str):
    with client.get(path) as response:
        return response.status_code, response.headers, response.get_data()


def test_an_officer_in_scope_downloads_the_exact_bytes_with_safe_headers(app, client, case):
    signed_in(app, client, case, "officer")
    status, headers, body = fetch(client, url(case, "photo", "download"))
    assert status == 200 and body == PHOTO
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(PHOTO).hexdigest()
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Content-Disposition"] == (
        f"attachment; filename=\"damage photo .jpg\"; filename*=UTF-8''{quote('damage photo 照片.jpg')}"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "sandbox"
    assert "no-store" in headers["Cache-Control"]


def test_images_and_pdfs_view_inline_and_other_types_only_download(app, client, case):
    signed_in(app, client, case, "officer")
    status, headers, _ = fetch(client, url(case, "photo", "view"))
    assert status == 200 and headers["Content-Disposition"].startswith("inline;")
    assert headers["Content-Security-Policy"] == "sandbox"
    status, headers, _ = fetch(client, url(case, "scan", "view"))
    assert status == 200 and headers["Content-Disposition"].startswith("inline;")
    assert fetch(client, url(case, "statement", "view"))[0] == 404
    status, headers, body = fetch(client, url(case, "statement", "download"))
    assert status == 200 and body == STATEMENT
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="statement.html.txt"' in headers["Content-Disposition"]  # never opened as a page


def test_the_thumbnail_has_no_exif_while_the_original_keeps_it(app, client, case):
    signed_in(app, client, case, "officer")
    status, headers, body = fetch(client, url(case, "photo", "thumbnail"))
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(body)) as preview:
        assert max(preview.size) <= 800
        assert len(preview.getexif()) == 0 and "exif" not in preview.info and "xmp" not in preview.info
        assert "comment" not in preview.info and "icc_profile" not in preview.info
    with Image.open(io.BytesIO(fetch(client, url(case, "photo", "download"))[2])) as original:
        gps = original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert fetch(client, url(case, "statement", "thumbnail"))[0] == 404  # only images have previews


@pytest.mark.parametrize("action", ["thumbnail", "view", "download"])
def test_an_officer_of_another_ward_gets_404(app, client, case, action):
    signed_in(app, client, case, "elsewhere")
    assert fetch(client, url(case, "photo", action))[0] == 404


def test_a_supervisor_of_the_borough_can_download(app, client, case):
    signed_in(app, client, case, "supervisor")
    assert fetch(client, url(case, "scan", "download"))[0] == 200


def test_a_file_of_another_report_is_not_found_through_this_one(app, client, case):
    with app.app_context():
        photo = session.get(Evidence, case["photo"])
        other_id = make_report("fraud", ward=session.get(Report, photo.report_id).ward).id
    signed_in(app, client, case, "officer")
    assert fetch(client, f"/staff/reports/{other_id}/evidence/{case['photo']}/download")[0] == 404


@pytest.mark.parametrize("action", ["thumbnail", "view", "download"])
def test_a_quarantined_file_is_never_served(app, client, case, action):
    signed_in(app, client, case, "officer")
    assert fetch(client, url(case, "virus", action))[0] == 404


def test_signed_out_people_are_sent_to_sign_in(client, case):
    response = client.get(url(case, "photo", "download"))
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_every_file_served_is_audited_and_refusals_are_not_logged_as_served(app, client, case, db_rows):
    signed_in(app, client, case, "officer")
    fetch(client, url(case, "photo", "thumbnail"))
    fetch(client, url(case, "photo", "view"))
    fetch(client, url(case, "scan", "download"))
    fetch(client, url(case, "virus", "download"))
    events = db_rows(
        lambda: session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("evidence.%")).order_by(AuditEvent.id)
        ).all()
    )
    assert [(e.action, e.target_id, e.actor_id) for e in events] == [
        ("evidence.preview_viewed", str(case["photo"]), case["officer"]),
        ("evidence.viewed", str(case["photo"]), case["officer"]),
        ("evidence.downloaded", str(case["scan"]), case["officer"]),
    ]
    assert all(f"report_id={case['report']}" in e.detail for e in events)
    assert events[2].detail.endswith(hashlib.sha256(SCAN).hexdigest())
    assert all(e.borough_id is not None for e in events)


def test_the_evidence_list_shows_name_type_size_uploader_and_sha256(app, case):
    with app.test_request_context():
        report = session.get(Report, case["report"])
        html = render_template("staff/_report_evidence.html", report=report, evidence_rows=access.listing(report))
    assert hashlib.sha256(PHOTO).hexdigest() in html and hashlib.sha256(SCAN).hexdigest() in html
    assert "damage photo 照片.jpg" in html and "JPG photo" in html and "PDF document" in html
    assert "The victim, on their case page" in html
    assert url(case, "photo", "thumbnail") in html and url(case, "scan", "view") in html
    assert url(case, "statement", "view") not in html  # text only downloads
    assert "Quarantined" in html and url(case, "virus", "download") not in html


def test_adding_a_file_to_a_report_records_an_evidence_added_event(app, case, db_rows):
    events = db_rows(
        lambda: session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "evidence_added").order_by(CaseEvent.id)
        ).all()
    )
    assert [e.text for e in events] == [
        "File added: damage photo 照片.jpg",
        "File added: statement.html",
        "File added: letter.pdf",
        "File added: eicar.txt",
    ]
    assert all(e.public and e.report_id == case["report"] for e in events)


@pytest.fixture
def db_rows(app):
    def run(query):
        with app.app_context():
            result = query()
            session.expunge_all()
            return result

    return run


def test_the_staff_report_page_shows_the_evidence_section(app, client, case):
    from tests.pages import page

    signed_in(app, client, case, "officer")
    p = page(client, f"/staff/reports/{case['report']}")
    section = p.select_one("section.dps-report-evidence")
    assert hashlib.sha256(PHOTO).hexdigest() in section.get_text()
    assert section.select_one("img")["alt"] == "Preview of damage photo 照片.jpg"
    links = [a["href"] for a in section.select("a")]
    assert url(case, "photo", "view") in links and url(case, "scan", "download") in links
