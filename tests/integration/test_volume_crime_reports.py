"""The volume crime types, found property and giving information, end to end through the Flask client: every page
answered, the report sent, the crime reference at once (page and email), and the officer seeing the type's own
fields on the report page and in the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import OutboxMessage, Report, ReportIdentifier
from portal.services.reporting import references
from tests.factories.crime_reports import PAGES, found_property_pages, theft_pages
from tests.factories.reports import db_fixture, send, walk, ward_fixture  # noqa: F401  (fixtures)
from tests.factories.staff import login_as, make_staff
from tests.pages import page, submit

# What each type's own pages added that an investigator needs, as the staff page and the export show it.
OWN_FIELDS = {
    "theft": ["IMEI", "352099001761481", "Blocked with the network", "iPhone 15"],
    "burglary": ["How they got in", "They forced a door or its lock", "Scene preserved", "CN-0ABC12-34567"],
    "criminal-damage": ["Graffiti", "Cost", "450.00"],
    "vehicle-crime": ["Registration", "LK19 XYZ", "Keys", "I have all the keys"],
    "bicycle-theft": ["Frame number", "AB 123456", "Bike register", "BikeRegister"],
    "found-property": ["What was found", "Serial number", "iPhone 15"],
    "give-information": ["Drug dealing", "launderette"],
}
CRIME_TYPES = {"theft", "burglary", "criminal-damage", "vehicle-crime", "bicycle-theft"}


def officer_client(app, ward):
    officer = app.test_client()
    with app.app_context():
        login_as(officer, make_staff("officer", wards=[ward]))
    return officer


def only_report(db) -> Report:
    (report,) = db(lambda: session.scalars(select(Report)).all())
    return report


@pytest.mark.parametrize("slug", list(PAGES))
def test_each_type_from_first_page_to_the_officer(app, client, ward, db, slug):
    check = walk(client, slug, PAGES[slug](ward.code))
    assert check.title.startswith("Check your answers")
    confirmation = send(client, slug)
    assert confirmation.title.startswith("Report sent")
    report = only_report(db)
    shown = confirmation.select_one(".dps-reference").get_text(strip=True)
    assert shown == references.display(report.reference)
    panel = confirmation.select_one(".govuk-panel").get_text(" ", strip=True)
    assert ("crime reference number" in panel) == (slug in CRIME_TYPES)
    assert report.report_type == slug and report.status == "received" and report.ward_id == ward.id

    officer = officer_client(app, ward)
    staff_page = page(officer, f"/staff/reports/{report.id}", title="Report")
    for text in OWN_FIELDS[slug]:
        assert text in staff_page.text, text
    exported = officer.get("/staff/queue/export?status=received").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(exported)))
    details = row[header.index("Details")]
    for text in OWN_FIELDS[slug]:
        assert text in details, (text, details)


def test_the_crime_reference_is_the_one_reference_and_the_email_says_so(client, ward, db):
    walk(client, "theft", theft_pages(ward.code))
    confirmation = send(client, "theft")
    assert "only reference for this report" in confirmation.text
    report = only_report(db)
    email = db(lambda: session.scalars(select(OutboxMessage)).one())
    assert f"Crime reference: {references.display(report.reference)}" in email.body_text
    assert "Within 48 hours we will normally give you a crime reference number" not in email.body_text


def test_found_property_says_which_counters_to_take_it_to_and_when_they_are_open(app, client, ward, db):
    from tests.integration.test_front_counters import load_counters

    with app.app_context():
        load_counters()
    walk(client, "found-property", found_property_pages(ward.code))
    confirmation = send(client, "found-property")
    assert only_report(db).category == "property"
    counters = confirmation.texts(".dps-counter h3")
    assert counters == ["Charing Cross front counter", "Lewisham front counter"]  # nearest the ward first
    assert "Open now" in confirmation.text and "miles away" in confirmation.text
    email = db(lambda: session.scalars(select(OutboxMessage)).one())
    assert "Take the item and this reference to a police station front counter" in email.body_text


def test_anonymous_information_promises_no_contact_and_no_tracking(client, ward, db):
    walk(client, "give-information", PAGES["give-information"](ward.code))
    confirmation = send(client, "give-information")
    assert "cannot contact you" in confirmation.text and "cannot be tracked" in confirmation.text
    assert "Track your report" not in confirmation.text
    report = only_report(db)
    assert report.anonymous and report.category == "information" and report.reporter_email is None
    assert db(lambda: session.scalars(select(OutboxMessage)).all()) == []


def test_the_stolen_phones_imei_and_the_found_phones_serial_number_are_possible_duplicates(app, ward, db):
    reporter, finder = app.test_client(), app.test_client()
    walk(reporter, "theft", theft_pages(ward.code))
    send(reporter, "theft")
    walk(finder, "found-property", found_property_pages(ward.code, serial_number="352099001761481"))
    send(finder, "found-property")
    rows = db(
        lambda: session.execute(select(ReportIdentifier.kind, ReportIdentifier.value, ReportIdentifier.source)).all()
    )
    assert ("imei", "352099001761481", "phone") in rows and ("imei", "352099001761481", "item") in rows
    stolen = db(lambda: session.scalar(select(Report).where(Report.report_type == "theft")))
    officer = officer_client(app, ward)
    shown = page(officer, f"/staff/reports/{stolen.id}")
    assert "Phone IMEI 352099001761481 (a phone here, an item there)" in shown.text


@pytest.mark.parametrize(
    ("slug", "path", "data", "message"),
    [
        (
            "theft",
            "phone",
            {"phone_make": "Apple", "imei": "35 209900 176148 2", "blocked": "yes"},
            "Enter the IMEI as 15 digits",
        ),
        (
            "vehicle-crime",
            "vehicle",
            {"registration": "AB12CDE", "make": "Ford", "colour": "Blue", "vin": "ABC"},
            "Enter the VIN as 17",
        ),
        ("theft", "support", {"support_referral": ["none", "victim-support"]}, "Select 'No, thank you' on its own"),
        ("theft", "items/1", {"item": "Ring", "value": "0"}, "Value must be more than £0"),
    ],
)
def test_wrong_answers_get_a_message_on_the_page(client, ward, slug, path, data, message):
    pages = PAGES[slug](ward.code)
    walk(client, slug, pages[: [p for p, _ in pages].index(path)])
    result = submit(client, f"/report/{slug}/{path}", data)
    assert any(error.startswith(message) for error in result.error_messages()), result.error_messages()


def test_a_burglary_cannot_be_found_before_it_was_last_secure(client, ward):
    pages = PAGES["burglary"](ward.code)
    walk(client, "burglary", pages[:4])
    result = submit(
        client,
        "/report/burglary/when",
        {"secured_date": ["2", "3", "2026"], "found_date": ["1", "3", "2026"]},
    )
    assert "The date it was found must be the same as or after the date it was last secure" in result.error_messages()


def test_force_or_threats_is_a_robbery_and_ends_the_online_report(client):
    walk(client, "theft", [("emergency", {"emergency": "no"})])
    result = submit(client, "/report/theft/kind", {"theft_kind": "force"})
    assert result.h1 == "Call us to report a robbery"


@pytest.mark.parametrize(
    ("answer", "heading"), [({"emergency": "yes"}, "Do not touch it"), (None, "We cannot take it in")]
)
def test_found_property_refuses_dangerous_and_everyday_finds(client, answer, heading):
    if answer is not None:
        assert submit(client, "/report/found-property/emergency", answer).h1 == heading
        return
    walk(client, "found-property", [("emergency", {"emergency": "no"})])
    assert submit(client, "/report/found-property/what", {"found_kind": "other"}).h1 == heading
