"""A victim reaches the files of their own case through their case session, and nothing else (security check 10)."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from portal.db import session
from portal.services.evidence import records as evidence_records
from portal.services.tracking.links import sign_in_link
from tests.factories.reports import make_report
from tests.factories.staff import make_staff
from tests.factories.wards import make_borough, make_ward
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)
from tests.support.tracking import sign_in_with

STATEMENT = samples.text()


def _attach(report, data: bytes, name: str) -> int:
    return evidence_records.attach(report, FileStorage(stream=io.BytesIO(data), filename=name), "victim").evidence.id


@pytest.fixture
def cases(app, store):
    with app.app_context():
        ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
        mine, theirs = make_report(ward=ward), make_report(ward=ward, reporter_email="other@example.com")
        ids = {
            "mine": _attach(mine, STATEMENT, "my statement.txt"),
            "theirs": _attach(theirs, samples.pdf(), "their letter.pdf"),
            "virus": _attach(mine, samples.EICAR, "eicar.txt"),
            "staff": evidence_records.attach(
                mine, FileStorage(stream=io.BytesIO(samples.pdf()), filename="officer notes.pdf"), make_staff("officer")
            ).evidence.id,
        }
        token = sign_in_link(mine).rsplit("/", 1)[-1]
        session.commit()
    ids["token"] = token
    return ids


def fetch(client, path: str):
    with client.get(path) as response:
        return response.status_code, response.headers, response.get_data()


def test_the_victim_downloads_their_own_file_as_an_attachment(client, cases):
    sign_in_with(client, cases["token"])
    status, headers, body = fetch(client, f"/track/evidence/{cases['mine']}")
    assert status == 200 and body == STATEMENT
    assert headers["Content-Disposition"].startswith('attachment; filename="my statement.txt"')
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "sandbox"
    assert "no-store" in headers["Cache-Control"]


def test_another_victims_file_is_not_found(client, cases):
    sign_in_with(client, cases["token"])
    assert fetch(client, f"/track/evidence/{cases['theirs']}")[0] == 404


def test_a_quarantined_file_is_not_served_even_to_its_owner(client, cases):
    sign_in_with(client, cases["token"])
    assert fetch(client, f"/track/evidence/{cases['virus']}")[0] == 404


def test_without_a_case_session_nothing_is_served(client, cases):
    assert fetch(client, f"/track/evidence/{cases['mine']}")[0] == 404


def test_a_file_staff_added_to_the_case_is_not_served_to_the_victim_as_it_is_not_listed(client, cases):
    sign_in_with(client, cases["token"])
    assert "officer notes.pdf" not in client.get("/track/case").get_data(as_text=True)
    assert fetch(client, f"/track/evidence/{cases['staff']}")[0] == 404
    assert fetch(client, f"/track/evidence/{cases['mine']}")[0] == 200
