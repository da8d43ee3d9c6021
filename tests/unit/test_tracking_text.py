"""Small pieces of tracking with no database: dates as people read them, support services, email matching, and the
plain-English headings of a timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.forms.contact import interval_choices
from portal.services.cases import events
from portal.services.tracking import support
from portal.services.tracking.lookup import normalise_email
from portal.web.dates import date_at_time, date_of, day


def test_dates_are_written_in_london_time():
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    assert date_of(summer) == "2 July 2026"
    assert date_at_time(summer) == "2 July 2026 at 12:30am"
    assert date_at_time(datetime(2026, 12, 1, 14, 0, tzinfo=UTC)) == "1 December 2026 at 2pm"
    assert date_at_time(datetime(2026, 12, 1, 14, 5)) == "1 December 2026 at 2:05pm"  # naive means UTC
    assert day(date(2026, 11, 27)) == "Friday 27 November 2026"


def test_email_addresses_match_whatever_their_case_and_spacing():
    assert normalise_email("  Sam.OBrien@Example.COM ") == "sam.obrien@example.com"
    assert normalise_email(None) == ""


def test_support_services_depend_on_the_report_type():
    fraud = {s.code for s in support.services_for("fraud")}
    asb = {s.code for s in support.services_for("anti-social-behaviour")}
    assert "victim-support" in fraud and "victim-support" in asb
    assert "report-fraud-support" in fraud and "report-fraud-support" not in asb
    assert "asb-help" in asb and "asb-help" not in {s.code for s in support.referrable_for("anti-social-behaviour")}


def test_every_victim_facing_event_kind_reads_in_plain_english():
    for kind in ("received", "public_update", "victim_message", "request", "support_referral", "evidence_added"):
        heading = events.EVENT_KINDS[kind].victim_heading
        assert heading[0].isupper() and "_" not in heading


def test_update_intervals_offer_the_standard_and_shorter_ones():
    assert interval_choices(28) == [
        ("28", "Every 28 days (the standard)"),
        ("14", "Every 14 days"),
        ("7", "Every 7 days"),
    ]
    assert [value for value, _ in interval_choices(14)] == ["14", "7"]
