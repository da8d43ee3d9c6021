"""Searching the queue: by reference in any spacing or case, the reporter's name, email address or phone number, a
vehicle registration, or a stolen item's IMEI, frame number, VIN or serial number, each however it is typed; only
in the viewer's scope; audited without what was typed; and the rows it needs are written at submission and filled in
for earlier reports by the migration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import db, session
from portal.models import AuditEvent, Report, ReportIdentifier, StaffUser
from portal.services.cases import queue
from portal.services.oversight import identifiers
from portal.services.reporting import references
from tests.factories.reports import asb_pages, make_report, send, walk
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def area():
    westminster = make_borough("Westminster", "E09000033")
    west_end = make_ward("West End", "E05013808", westminster)
    return {
        "west_end": west_end,
        "soho": make_ward("Soho", "E05013809", westminster),
        "officer": make_staff("officer", wards=[west_end]),
    }


def reported(ward, answers=None, status="triaged", **columns):
    """A report indexed as submission indexes it (triaged, so not in the default "awaiting triage" view)."""
    report = make_report(ward=ward, status=status, submitted_at=clock.now() - timedelta(days=1), **columns)
    report.answers = {"type": report.report_type, "answers": answers or {}, "sections": []}
    identifiers.index_report(report)
    session.commit()
    return report


def found(viewer, typed, **filters):
    chosen = queue.Filters(**{"status": "all", **filters, "search": typed})
    return [r.id for r in queue.page(viewer, chosen, clock.now()).reports]


def test_a_reference_in_any_case_spacing_or_punctuation(area):
    report = reported(area["west_end"])
    shown = references.display(report.reference)  # XXXX-XXXX-XXXX
    for typed in (shown, shown.lower().replace("-", " "), report.reference.lower(), f"  {shown.replace('-', ' - ')} "):
        assert found(area["officer"], typed) == [report.id], typed
    wrong = report.reference[:-1] + ("A" if report.reference[-1] != "A" else "B")  # its check character fails
    assert found(area["officer"], wrong) == []


def test_the_reporters_name_every_word_in_any_order_accents_and_apostrophes_folded(area):
    zoe = reported(area["west_end"], reporter_name="Zoë O'Brien-Smith")
    jones = reported(area["west_end"], reporter_name="Zoe Jones")
    for typed in ("zoe obrien", "O'BRIEN", "smith zoë", "Zoë O’Brien Smith"):
        assert found(area["officer"], typed) == [zoe.id], typed
    assert found(area["officer"], "Zoe Taylor") == []  # every word must be one of the name's
    assert sorted(found(area["officer"], "zoe")) == sorted([zoe.id, jones.id])


def test_the_reporters_email_whatever_its_case_and_not_other_peoples(area):
    sam = reported(area["west_end"], reporter_email="Sam.OBrien@Example.com")
    witness = {"witnesses": {"items": [{"witness_contact": "sam.obrien@example.com"}]}}
    reported(area["west_end"], witness, reporter_email="someone@example.com")
    assert found(area["officer"], "sam.obrien@example.COM") == [sam.id]


@pytest.mark.parametrize("typed", ["07911 123456", "+44 7911 123456", "(07911) 123-456", "447911123456"])
def test_the_reporters_phone_number_as_digits_however_it_is_written(area, typed):
    report = reported(area["west_end"], reporter_phone="07911123456")
    assert found(area["officer"], typed) == [report.id]


def test_a_phone_number_that_is_not_a_uk_number_is_found_by_its_digits(area):
    report = reported(area["west_end"], reporter_phone="+1 (555) 010-9999")
    assert found(area["officer"], "15550109999") == [report.id]
    assert found(area["officer"], "+1 555 010 9999") == [report.id]


@pytest.mark.parametrize(
    ("answers", "typed"),
    [
        ({"vehicles": {"items": [{"registration": "AB12 CDE", "whose": "other"}]}}, "ab12cde"),
        ({"vehicles": {"items": [{"registration": "ab12cde", "whose": "other"}]}}, "AB12 CDE"),
        ({"phone": {"imei": "35 209900 176148 1"}}, "352099001761481"),
        ({"bicycle": {"frame_number": "wd-123 456"}}, "WD123456"),
        ({"vehicle": {"vin": "1hgcm82633a004352"}}, "1HGCM82633A004352"),
        ({"items": {"items": [{"serial_number": "SN-0042-XYZ"}]}}, "sn0042 xyz"),
    ],
    ids=["registration", "registration typed spaced", "imei", "frame number", "vin", "serial number"],
)
def test_vehicle_registrations_and_property_numbers(area, answers, typed):
    report = reported(area["west_end"], answers)
    reported(area["west_end"], {"vehicles": {"items": [{"registration": "XY99 ZZZ"}]}})
    assert found(area["officer"], typed) == [report.id]


def test_only_reports_in_scope_are_found_and_counted(area):
    from portal.services.cases import counts

    mine = reported(area["west_end"], reporter_name="Sam Taylor")
    theirs = reported(area["soho"], reporter_name="Sam Taylor")
    hidden = reported(area["west_end"], reporter_name="Sam Taylor", restricted=True)
    officer = area["officer"]
    assert found(officer, "sam taylor") == [mine.id]
    assert found(officer, references.display(theirs.reference)) == []
    assert found(officer, references.display(hidden.reference)) == []
    counted = counts.for_queue(officer, queue.Filters(status="all", search="sam taylor"), clock.now())
    assert counted["status"]["all"] == 1
    supervisor = make_staff("supervisor", boroughs=[area["west_end"].borough])
    assert sorted(found(supervisor, "sam taylor")) == sorted([mine.id, theirs.id])


def test_a_search_combines_with_the_filters(area):
    fraud = reported(area["west_end"], reporter_name="Sam Taylor", report_type="fraud")
    reported(area["west_end"], reporter_name="Sam Taylor", status="closed", outcome="charged")
    assert found(area["officer"], "taylor", report_type="fraud") == [fraud.id]
    assert found(area["officer"], "taylor", status="open") == [fraud.id]


def test_typing_nothing_searchable_finds_nothing_rather_than_everything(area):
    reported(area["west_end"])
    for typed in ("-", "a", "%", "' OR 1=1 --", "*"):
        assert found(area["officer"], typed) == [], typed


def test_the_page_searches_every_status_unless_one_is_chosen_and_audits_without_the_words(app, client, area):
    report = reported(area["west_end"], status="investigating", reporter_name="Sam Taylor")
    login_as(client, area["officer"])
    typed = references.display(report.reference).lower().replace("-", " ")
    result = page(client, "/staff/queue", title="Reports to triage", query_string={"q": typed})
    assert [a.get_text(strip=True) for a in result.select("table tbody a")] == [references.display(report.reference)]
    assert result.select_one("#search")["value"] == typed
    assert "1 report found" in result.text
    # The filter form keeps the search; the status it shows is the one searched.
    assert result.select_one(".dps-queue-filters input[name=q]")["value"] == typed
    assert result.select_one("#filter-status option[selected]")["value"] == "all"
    assert page(client, "/staff/queue", query_string={"q": typed, "status": "received"}).select("table tbody a") == []
    searched = session.scalars(select(AuditEvent).where(AuditEvent.action == "reports.searched")).all()
    assert [e.detail for e in searched] == ["1 found", "0 found"]
    everything = " ".join(f"{e.detail} {e.target_id}" for e in session.scalars(select(AuditEvent)))
    assert report.reference not in everything.upper().replace(" ", "")
    page(client, "/staff/queue?q=Taylor")
    assert "taylor" not in " ".join(str(e.detail) for e in session.scalars(select(AuditEvent))).lower()


def test_a_submitted_report_is_found_by_the_name_and_phone_it_was_sent_with(app, area):
    client = app.test_client()
    pages = [
        (path, {**data, "phone": "020 7946 0000"} if path == "your-details" else data)
        for path, data in asb_pages(area["west_end"].code)
    ]
    walk(client, "anti-social-behaviour", pages)
    send(client, "anti-social-behaviour")
    session.expire_all()
    officer = session.get(StaffUser, area["officer"].id)
    report = session.scalars(select(Report)).one()
    assert found(officer, "sam o'brien") == [report.id]
    assert found(officer, "+44 20 7946 0000") == [report.id]


def test_the_migration_fills_in_the_search_rows_of_reports_already_there(app, area, database_url):
    from portal import migrate

    report = reported(area["west_end"], reporter_name="Zoë Taylor", reporter_phone="07911 123456")
    officer_id = area["officer"].id
    session.commit()
    db.engine.dispose()
    migrate.downgrade(database_url, "0020_staff_enrolment")
    kinds = select(ReportIdentifier.kind).where(ReportIdentifier.report_id == report.id)
    assert set(session.scalars(kinds)) == {"email", "phone"}
    session.commit()
    migrate.upgrade(database_url)
    session.expire_all()
    assert set(session.scalars(kinds)) == {"email", "phone", "name", "phone-digits"}
    officer = session.get(StaffUser, officer_id)
    assert found(officer, "zoe taylor") == [report.id]
    assert found(officer, "7911123456") == [report.id]
