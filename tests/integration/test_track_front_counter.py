"""Front counter staff find a case by reference within their scope; out of scope reads exactly like not found, and
every lookup is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit

NOT_FOUND = "No case with that reference was found. Check the reference and try again"


@pytest.fixture
def setup(app):
    with app.app_context():
        westminster, camden = make_borough("Westminster"), make_borough("Camden")
        west_end, kentish = make_ward("West End", None, westminster), make_ward("Kentish Town", None, camden)
        ours, theirs = make_report(ward=west_end), make_report(ward=kentish)
        counter = make_staff("front_counter", boroughs=[westminster])
        return {"ours": (ours.id, ours.reference), "theirs": (theirs.id, theirs.reference), "counter": counter}


@pytest.fixture
def counter(app, client, setup):
    with app.app_context():
        login_as(client, setup["counter"])
    return client


def test_the_staff_home_links_to_it(counter):
    found = page(counter, "/staff/", title="Staff home")
    assert "Find a case by reference" in found.texts("a")


@pytest.mark.parametrize(
    "typed", [references.display, str.lower, lambda ref: " ".join(references.display(ref).split("-"))]
)
def test_a_case_in_scope_opens_the_staff_report_page(app, counter, setup, typed):
    report_id, reference = setup["ours"]
    response = counter.post(
        "/staff/find-a-case",
        data={"csrf_token": page(counter, "/staff/find-a-case").csrf_token(), "reference": typed(reference)},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/reports/{report_id}")
    page(counter, response.headers["Location"], title=f"Report {references.display(reference)}")
    with app.app_context():
        looked_up = session.scalar(select(AuditEvent).where(AuditEvent.action == "report.looked_up"))
        assert looked_up.target_id == str(report_id) and looked_up.detail == "found"
        assert reference not in (looked_up.detail or "")


def test_out_of_scope_is_the_same_as_not_found(app, counter, setup):
    out_of_scope = submit(counter, "/staff/find-a-case", {"reference": setup["theirs"][1]})
    missing = submit(counter, "/staff/find-a-case", {"reference": references.new_reference()})
    malformed = submit(counter, "/staff/find-a-case", {"reference": "nonsense"})
    for found in (out_of_scope, missing, malformed):
        assert found.title.startswith("Error: Find a case by reference")
        assert found.error_messages() == [NOT_FOUND]
    # The pages read the same (the typed reference is only in the field's value).
    assert out_of_scope.text == missing.text
    with app.app_context():
        audited = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "report.looked_up")).all()
        assert audited == ["not found or out of scope"] * 3
    # Nor can the staff report page itself be opened for it.
    assert counter.get(f"/staff/reports/{setup['theirs'][0]}").status_code == 404


def test_it_needs_a_signed_in_member_of_staff(client):
    assert client.get("/staff/find-a-case").headers["Location"].endswith("/staff/sign-in")
