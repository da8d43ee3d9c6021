"""Possible duplicates (same ward, a short time, a shared normalised identifier) and linking reports. The short list
and the repeat-reporter line: test_oversight_duplicates.py."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, CaseEvent, ReportIdentifier, ReportLink
from portal.services.oversight import duplicates, identifiers
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def area():
    westminster = make_borough("Westminster", "E09000033")
    return {
        "west_end": make_ward("West End", "E05013808", westminster),
        "st_james": make_ward("St James's", "E05013806", westminster),
    }


def reported(ward, answers=None, days_ago=0, **columns):
    """A submitted report with these answers, indexed as submission indexes it."""
    report = make_report(ward=ward, submitted_at=clock.now() - timedelta(days=days_ago), **columns)
    report.answers = {"type": report.report_type, "answers": answers or {}, "sections": []}
    identifiers.index_report(report)
    session.commit()
    return report


def vehicle(registration):
    return {"vehicles": {"items": [{"registration": registration, "whose": "other"}], "complete": True}}


def suspect_phone(number):
    return {"suspect-details": {"items": [{"identifier_type": "phone", "identifier": number}], "complete": True}}


def suggested(report, viewer):
    return [(m.report.id, m.reasons) for m in duplicates.short_list(report, viewer).matches]


def test_registrations_match_with_or_without_spaces_in_the_same_ward_and_week(area):
    officer = make_staff("officer", wards=[area["west_end"], area["st_james"]])
    first = reported(area["west_end"], vehicle("ab12cde"), days_ago=3, reporter_email="a@example.com")
    elsewhere = reported(area["st_james"], vehicle("AB12 CDE"), reporter_email="b@example.com")
    too_old = reported(area["west_end"], vehicle("AB12 CDE"), days_ago=12, reporter_email="c@example.com")
    other_car = reported(area["west_end"], vehicle("XY99 ZZZ"), reporter_email="d@example.com")
    new = reported(area["west_end"], vehicle("AB12 CDE"), reporter_email="e@example.com")
    assert suggested(new, officer) == [(first.id, ["Vehicle registration AB12CDE (a vehicle in both)"])]
    assert elsewhere.id and too_old.id and other_car.id  # made, and not suggested


def test_the_window_is_configurable(app, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    old = reported(area["west_end"], vehicle("AB12CDE"), days_ago=9, reporter_email=None)
    new = reported(area["west_end"], vehicle("AB12CDE"), reporter_email=None)
    assert suggested(new, officer) == []
    app.config["DUPLICATE_WINDOW_DAYS"] = 10
    try:
        assert [m[0] for m in suggested(new, officer)] == [old.id]
        assert [m[0] for m in suggested(old, officer)] == [new.id]  # either way round
    finally:
        app.config["DUPLICATE_WINDOW_DAYS"] = 7


@pytest.mark.parametrize("typed", ["020 7946 0000", "+44 20 7946 0000", "02079460000"])
def test_phone_numbers_match_in_any_format(area, typed):
    officer = make_staff("officer", wards=[area["west_end"]])
    victim = reported(area["west_end"], reporter_email=None, reporter_phone="+442079460000")
    fraud = reported(area["west_end"], suspect_phone(typed), report_type="fraud", reporter_email=None)
    assert suggested(fraud, officer) == [
        (victim.id, ["Phone number +442079460000 (the suspect here, the reporter there)"])
    ]


def test_emails_match_whatever_their_case(area):
    officer = make_staff("officer", wards=[area["west_end"]])
    first = reported(area["west_end"], reporter_email="Sam.OBrien@Example.com")
    fraud = {"suspect-details": {"items": [{"identifier_type": "email", "identifier": "sam.obrien@example.COM"}]}}
    second = reported(area["west_end"], fraud, report_type="fraud", reporter_email=None)
    assert suggested(second, officer) == [
        (first.id, ["Email address sam.obrien@example.com (the suspect here, the reporter there)"])
    ]


def test_linking_writes_events_and_audit_on_both_and_shows_both_ways(client, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    first = reported(area["west_end"], vehicle("AB12CDE"), reporter_email="a@example.com")
    second = reported(area["west_end"], vehicle("ab12 cde"), reporter_email="b@example.com")
    login_as(client, officer)
    links_page = page(client, f"/staff/reports/{second.id}/links", title="Linked reports for")
    assert references.display(first.reference) in links_page.text and "Vehicle registration AB12CDE" in links_page.text
    token = links_page.csrf_token()
    response = client.post(
        f"/staff/reports/{second.id}/links",
        data={"csrf_token": token, "link_reference": references.display(first.reference)},
    )
    assert response.status_code == 302
    pair = session.scalars(select(ReportLink)).one()
    assert (pair.report_id, pair.linked_report_id, pair.created_by_id) == (first.id, second.id, officer.id)
    events = session.scalars(select(CaseEvent).where(CaseEvent.kind == "linked").order_by(CaseEvent.report_id)).all()
    assert [(e.report_id, e.actor_id, e.public) for e in events] == [
        (first.id, officer.id, False),
        (second.id, officer.id, False),
    ]
    assert events[0].text == f"Linked to report {references.display(second.reference)}"
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.linked").order_by(AuditEvent.id))
    assert [(a.target_id, a.detail) for a in audits] == [
        (str(second.id), f"linked to report {first.id}"),
        (str(first.id), f"linked to report {second.id}"),
    ]
    for this, that in ((first, second), (second, first)):
        shown = page(client, f"/staff/reports/{this.id}/links")
        assert references.display(that.reference) in " ".join(shown.texts("#linked-reports + ul li"))
        assert "No possible duplicates found" in shown.text  # a linked report is no longer suggested
    # Linking again changes nothing.
    again = submit(client, f"/staff/reports/{first.id}/links", {"link_reference": second.reference})
    assert "was already linked" in again.text
    assert len(session.scalars(select(ReportLink)).all()) == 1
    assert len(session.scalars(select(CaseEvent).where(CaseEvent.kind == "linked")).all()) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the reference of the report to link"),
        ("NOT-A-REF", "Enter the reference of a report you can see, in the form XXXX-XXXX-XXXX"),
        ("self", "Enter the reference of a different report: a report cannot be linked to itself"),
        ("out-of-scope", "Enter the reference of a report you can see, in the form XXXX-XXXX-XXXX"),
    ],
)
def test_a_bad_reference_gets_an_error_summary(client, area, typed, message):
    report = reported(area["west_end"])
    hidden = reported(area["st_james"])
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    value = {"self": report.reference, "out-of-scope": hidden.reference}.get(typed, typed)
    result = submit(client, f"/staff/reports/{report.id}/links", {"link_reference": value}, title="Error: ")
    assert result.error_messages() == [message]
    assert session.scalars(select(ReportLink)).all() == []


def test_reports_outside_scope_answer_404(client, area):
    mine = reported(area["west_end"])
    theirs = reported(area["st_james"])
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    token = page(client, f"/staff/reports/{mine.id}/links").csrf_token()
    page(client, f"/staff/reports/{theirs.id}/links", status=404)
    page(client, "/staff/reports/999999/links", status=404)
    response = client.post(
        f"/staff/reports/{theirs.id}/links", data={"csrf_token": token, "link_reference": mine.reference}
    )
    assert response.status_code == 404
    assert session.scalars(select(ReportLink)).all() == []


def test_front_counter_staff_see_links_but_cannot_link(client, area):
    report = reported(area["west_end"])
    login_as(client, make_staff("front_counter", boroughs=[area["west_end"].borough]))
    shown = page(client, f"/staff/reports/{report.id}/links")
    assert shown.select("input[name=link_reference]") == []
    token = shown.csrf_token()
    other = reported(area["west_end"])
    response = client.post(
        f"/staff/reports/{report.id}/links", data={"csrf_token": token, "link_reference": other.reference}
    )
    assert response.status_code == 403


def test_opening_an_unindexed_report_indexes_it_and_reindex_rebuilds_everything(client, app, area):
    report = make_report(ward=area["west_end"], reporter_email="Old@Example.com")
    assert session.scalars(select(ReportIdentifier)).all() == []
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    page(client, f"/staff/reports/{report.id}/links")
    emails = select(ReportIdentifier.value).where(ReportIdentifier.kind == identifiers.EMAIL)
    assert session.scalars(emails).all() == ["old@example.com"]
    session.query(ReportIdentifier).delete()
    session.commit()
    result = app.test_cli_runner().invoke(args=["oversight", "reindex"])
    assert "Indexed the identifiers of 1 reports." in result.output
    assert session.scalars(emails).all() == ["old@example.com"]


def test_the_staff_report_page_shows_the_section_and_linking_returns_to_it(client, area):
    first = reported(area["west_end"], vehicle("AB12CDE"), reporter_email="a@example.com")
    second = reported(area["west_end"], vehicle("AB12 CDE"), reporter_email="b@example.com")
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    shown = page(client, f"/staff/reports/{second.id}")
    section = shown.select_one("section.dps-duplicates")
    assert "Vehicle registration AB12CDE (a vehicle in both)" in section.get_text(" ")
    assert section.select_one(f"a[href='/staff/reports/{first.id}']").get_text(strip=True) == (
        references.display(first.reference)
    )
    token = shown.csrf_token()
    response = client.post(
        f"/staff/reports/{second.id}/links", data={"csrf_token": token, "link_reference": first.reference}
    )
    assert response.headers["Location"] == f"/staff/reports/{second.id}#linked-reports"
    timeline = page(client, f"/staff/reports/{first.id}").text
    assert f"Linked to report {references.display(second.reference)}" in timeline


def test_identifiers_typed_by_the_public_render_inert(client, area):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    details = {"suspect-details": {"items": [{"identifier_type": "name", "identifier": payload}], "complete": True}}
    reported(area["west_end"], details, report_type="fraud", reporter_email=None)
    second = reported(area["west_end"], details, report_type="fraud", reporter_email=None)
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    html = client.get(f"/staff/reports/{second.id}/links").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "Suspect name:&lt;script&gt;" not in html  # the kind prefix is not shown
    assert "Suspect &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
