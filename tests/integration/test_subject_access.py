"""Subject access (Data Protection Act 2018 s.45): staff record a request for an email address and phone number, see
what is held and when the answer is due in working days, and download a bundle for review holding the person's
records and own files and nobody else's. Every step is audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, StaffUser, SubjectAccessRequest
from portal.services.reporting import references
from portal.services.retention import erasure
from tests.factories import retention as f
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)

EMAIL, PHONE = "Sam.Person@example.com", "+447911123456"
SECTIONS = [{"title": "What happened", "rows": [{"question": "What is happening?", "answer": "Music every night"}]}]


@pytest.fixture
def person(app, store):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        ward = make_ward("West End", "E05013808", westminster)
        mine = make_report(ward=ward, reporter_email=EMAIL.lower(), reporter_phone=PHONE, contact_times="Evenings")
        mine.answers = {"answers": {}, "sections": SECTIONS}
        session.commit()
        by_phone = make_report("fraud", ward=ward, reporter_email=None, reporter_phone=PHONE)
        own = f.make_evidence(
            report=mine, data=b"sam's own photo", uploaded_by="victim", display_name="noise at 2am.jpg"
        )
        f.make_evidence(report=mine, data=b"staff still", uploaded_by="staff", display_name="cctv.jpg")
        f.make_evidence(report=mine, data=b"X5O!P%@AP", quarantined=True, display_name="odd.exe")
        f.make_sign_in(mine, clock.now())
        f.make_case_session(mine, clock.now())
        f.make_outbox(clock.now(), to=EMAIL.lower())
        f.make_outbox(clock.now(), to="someone.else@example.com")
        f.make_feedback(ward, clock.now(), comment="Speeding on our road, call me on 07911 123456")
        f.make_feedback(ward, clock.now(), comment="More patrols near the park")
        theirs = make_report("road-traffic-incident", ward=ward, reporter_email="other.person@example.com")
        f.make_evidence(report=theirs, data=b"another person's photo")
        f.make_identifier(theirs, "email", EMAIL.lower(), "witness")
        restricted = make_report(ward=ward, reporter_email=EMAIL.lower())
        supervisor = make_staff("supervisor", boroughs=[westminster])
        erasure.restrict(restricted, supervisor, "Accuracy disputed")
        return {
            "mine": mine.reference,
            "by_phone": by_phone.reference,
            "theirs": theirs.reference,
            "restricted": restricted.reference,
            "own_id": own.id,
            "supervisor": supervisor.id,
            "rights": make_staff("information_rights").id,
        }


def sign_in(app, client, staff_id):
    with app.app_context():
        login_as(client, session.get(StaffUser, staff_id))


def record_request(client, day: date | None = None, **answers):
    day = day or clock.london_date(clock.now())
    data = {"email": "", "phone": "", "received": [str(day.day), str(day.month), str(day.year)], **answers}
    return submit(client, "/staff/information-rights/subject-access-requests/new", data)


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ({}, "Enter the email address or the phone number of the person asking"),
        ({"email": "not an address"}, "Enter an email address in the correct format, like name@example.com"),
        ({"phone": "12"}, "Enter a UK phone number, like 07911 123456 or 020 7946 0000"),
        (
            {"email": EMAIL, "received": ["31", "2", "2026"]},
            "The date the request arrived must be a real date",
        ),
        (
            {"email": EMAIL, "received": ["1", "1", str(date.today().year + 1)]},
            "The date the request arrived must be today or in the past",
        ),
    ],
)
def test_a_request_without_a_way_to_find_the_person_is_refused_in_words(app, client, person, answers, error):
    sign_in(app, client, person["supervisor"])
    result = record_request(client, **answers)
    assert result.error_messages() == [error]
    with app.app_context():
        assert session.scalar(select(SubjectAccessRequest.id)) is None


def test_the_request_page_shows_the_deadline_and_what_is_held(app, client, person):
    sign_in(app, client, person["supervisor"])
    result = record_request(client, email=EMAIL, phone="07911 123456")
    assert result.h1.startswith("Subject access request")
    with app.app_context():
        request = session.scalar(select(SubjectAccessRequest))
        assert (request.email, request.phone) == (EMAIL.lower(), PHONE)
        today = clock.london_date(clock.now())
        left = clock.working_days_between(today, request.due_on)
    assert f"{left} working days left" in result.text
    held = dict(zip(result.texts("dt"), result.texts("dd"), strict=False))
    assert held["Reports they made"] == "2" and held["Files they sent"] == "3" and held["Emails sent to them"] == "1"
    assert held["Priority feedback giving their details"] == "1" and held["Named in other people's reports"] == "1"
    assert "1 restricted report(s) are not shown" in result.text


def open_bundle(client, request_id: int) -> zipfile.ZipFile:
    response = client.get(f"/staff/information-rights/subject-access-requests/{request_id}/bundle")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"subject-access-{request_id}-for-review.zip" in response.headers["Content-Disposition"]
    data = response.get_data()
    response.close()  # as the server does once it has sent the file
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_bundle_holds_their_records_and_own_files_and_nobody_elses(app, client, person):
    sign_in(app, client, person["supervisor"])
    record_request(client, email=EMAIL, phone="07911 123456")
    with app.app_context():
        request_id = session.scalar(select(SubjectAccessRequest.id))
    bundle = open_bundle(client, request_id)
    folder = f"subject-access-{request_id}"
    mine = references.display(person["mine"])
    assert sorted(bundle.namelist()) == [
        f"{folder}/data.json",
        f"{folder}/evidence/{mine}/{person['own_id']}-noise_at_2am.jpg",
        f"{folder}/summary.html",
    ]
    assert bundle.read(f"{folder}/evidence/{mine}/{person['own_id']}-noise_at_2am.jpg") == b"sam's own photo"
    data = json.loads(bundle.read(f"{folder}/data.json"))
    summary = bundle.read(f"{folder}/summary.html").decode()
    assert data["status"].startswith("FOR REVIEW") and "FOR REVIEW - NOT FOR RELEASE" in summary
    assert [r["reference"] for r in data["reports"]] == [mine, references.display(person["by_phone"])]
    assert data["reports"][0]["answers"] == [
        {"section": "What happened", "rows": [{"question": "What is happening?", "answer": "Music every night"}]}
    ]
    assert data["reports"][0]["contact"]["times"] == "Evenings"
    assert len(data["reports"][0]["sign_in_links"]) == 1 and len(data["reports"][0]["case_sessions"]) == 1
    files = {file["name"]: file["not_included"] for file in data["reports"][0]["files"]}
    assert files == {
        "noise at 2am.jpg": None,
        "cctv.jpg": "added by staff: for the reviewer to decide",
        "odd.exe": "flagged by the virus check: not included",
    }
    assert [e["to"] for e in data["emails"]] == [EMAIL.lower()]
    assert [item["comment"] for item in data["priority_feedback"]] == ["Speeding on our road, call me on 07911 123456"]
    assert data["named_in_other_reports"] == [
        {"reference": references.display(person["theirs"]), "type": "Road traffic incident", "named_as": "a witness"}
    ]
    assert data["restricted_reports_not_shown"] == 1
    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    for stranger in (b"other.person@example.com", b"another person's photo", b"someone.else@example.com"):
        assert stranger not in everything
    assert references.display(person["restricted"]).encode() not in everything
    assert "Music every night" in summary and "noise at 2am.jpg" in summary


def test_information_rights_get_the_restricted_reports_too_and_every_step_is_audited(app, client, person):
    sign_in(app, client, person["rights"])
    record_request(client, email=EMAIL)
    with app.app_context():
        request_id = session.scalar(select(SubjectAccessRequest.id))
    data = json.loads(open_bundle(client, request_id).read(f"subject-access-{request_id}/data.json"))
    assert references.display(person["restricted"]) in [r["reference"] for r in data["reports"]]
    assert data["restricted_reports_not_shown"] == 0
    request_url = f"/staff/information-rights/subject-access-requests/{request_id}"
    token = page(client, request_url).csrf_token()
    done = client.post(f"{request_url}/answered", data={"csrf_token": token}, follow_redirects=True)
    assert "marked as answered" in done.get_data(as_text=True)
    with app.app_context():
        steps = session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_type == "subject_access_request").order_by(AuditEvent.id)
        ).all()
        assert steps == [
            "subject_access.created",
            "subject_access.searched",
            "subject_access.searched",
            "subject_access.bundle_downloaded",
            "subject_access.searched",
            "subject_access.completed",
            "subject_access.searched",
        ]
        details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("subject_access%"))).all()
        assert not any(EMAIL.lower() in (detail or "") for detail in details)


def test_officers_and_front_counter_cannot_run_subject_access(app, client, person):
    with app.app_context():
        ward = make_ward()
        officer, counter = make_staff("officer", wards=[ward]), make_staff("front_counter")
    for staff in (officer, counter):
        with app.app_context():
            login_as(client, session.get(StaffUser, staff.id))
        page(client, "/staff/information-rights/subject-access-requests", status=403)
        page(client, "/staff/information-rights/subject-access-requests/new", status=403)


def test_the_request_list_counts_working_days_and_shows_overdue_requests(app, client, person):
    with app.app_context():
        late = f.make_access_request(clock.now() - timedelta(days=60), completed=False)
        late.received_on = clock.london_date(clock.now()) - timedelta(days=60)
        late.due_on = clock.london_date(clock.now()) - timedelta(days=29)
        session.commit()
    sign_in(app, client, person["supervisor"])
    listed = page(client, "/staff/information-rights/subject-access-requests", title="Subject access requests")
    assert "Overdue" in listed.text
