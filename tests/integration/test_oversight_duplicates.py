"""Possible duplicates as a short list: the five strongest, each with why it matched and a link to the other report;
the reporter's other reports once, as "Repeat reporter: N reports in 6 months", never as duplicates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core import clock
from portal.db import session
from portal.services.oversight import duplicates, identifiers, links
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

pytestmark = pytest.mark.usefixtures("app_context")
VICTIM = "repeat.victim@example.com"


@pytest.fixture
def area():
    westminster = make_borough("Westminster", "E09000033")
    west_end = make_ward("West End", "E05013808", westminster)
    return {
        "west_end": west_end,
        "soho": make_ward("Soho", "E05013809", westminster),
        "holborn": make_ward("Holborn", "E05013810", make_borough("Camden", "E09000007")),
        "officer": make_staff("officer", wards=[west_end]),
    }


def reported(ward, answers=None, days_ago=0.0, email=None, **columns):
    report = make_report(
        ward=ward, submitted_at=clock.now() - timedelta(days=days_ago), reporter_email=email, **columns
    )
    report.answers = {"type": report.report_type, "answers": answers or {}, "sections": []}
    identifiers.index_report(report)
    session.commit()
    return report


def vehicle(registration):
    return {"vehicles": {"items": [{"registration": registration, "whose": "other"}]}}


def phone(imei):
    return {"phone": {"imei": imei}}


def suspect(kind, value):
    return {"suspect-details": {"items": [{"identifier_type": kind, "identifier": value}]}}


IMEI = "352099001761481"


def test_the_five_strongest_with_why_each_matched(area):
    west_end, officer = area["west_end"], area["officer"]
    this = reported(west_end, {**vehicle("AB12CDE"), **phone(IMEI), **suspect("website", "scam.example")})
    both = reported(west_end, {**vehicle("AB12 CDE"), **phone(IMEI)}, days_ago=2)  # 4 + 5
    same_phone = reported(west_end, phone(IMEI), days_ago=1)  # 5
    same_car_near = reported(west_end, vehicle("ab12cde"), days_ago=0.5)  # 4, nearer in time
    same_car_far = reported(west_end, vehicle("AB12CDE"), days_ago=6)  # 4
    website = reported(west_end, suspect("website", "https://www.scam.example/"), days_ago=1)  # 3
    weakest = reported(west_end, suspect("website", "scam.example"), days_ago=5)  # 3, further
    reported(area["soho"], vehicle("AB12CDE"))  # another ward
    reported(west_end, vehicle("AB12CDE"), days_ago=9)  # outside the week
    short = duplicates.short_list(this, officer)
    strongest = [both, same_phone, same_car_near, same_car_far, website]
    assert [m.report.id for m in short.matches] == [r.id for r in strongest]
    assert short.found == 6 and weakest.id not in [m.report.id for m in short.matches]
    first = short.matches[0]
    assert (first.strength, first.label) == (9, "Strong")
    assert first.reasons == [
        "Phone IMEI 352099001761481 (a phone in both)",
        "Vehicle registration AB12CDE (a vehicle in both)",
    ]
    assert [m.label for m in short.matches[1:]] == ["Likely", "Likely", "Likely", "Possible"]
    assert short.matches[-1].reasons == ["Suspect scam.example (the suspect in both)"]


def test_the_reporters_own_email_or_phone_makes_a_repeat_reporter_not_a_duplicate(area):
    west_end, officer = area["west_end"], area["officer"]
    earlier = [reported(west_end, email=VICTIM.upper(), days_ago=days) for days in (1, 2, 3, 4, 5, 6)]
    by_phone = reported(area["soho"], reporter_phone="07911 123456", days_ago=40)  # same person, another ward
    long_ago = reported(west_end, email=VICTIM, days_ago=200)
    elsewhere = reported(area["holborn"], email=VICTIM, days_ago=10)  # not the officer's to see
    this = reported(west_end, vehicle("AB12CDE"), email=VICTIM, reporter_phone="+44 7911 123456")
    same_car = reported(west_end, vehicle("AB12 CDE"), email=VICTIM, days_ago=1.5)
    officer.wards.append(area["soho"])
    session.commit()
    short = duplicates.short_list(this, officer)
    # Only the car makes a duplicate, and the shared email is not given as a reason.
    assert [(m.report.id, m.reasons) for m in short.matches] == [
        (same_car.id, ["Vehicle registration AB12CDE (a vehicle in both)"])
    ]
    repeat = short.repeat
    assert [r.id for r in repeat.others] == [r.id for r in [*earlier[:1], same_car, *earlier[1:], by_phone]]
    assert (repeat.total, repeat.months) == (9, 6)
    assert long_ago.id not in [r.id for r in repeat.others] and elsewhere.id not in [r.id for r in repeat.others]


def test_no_repeat_line_for_a_first_report_or_an_anonymous_one(area):
    west_end, officer = area["west_end"], area["officer"]
    first = reported(west_end, email="first.time@example.com")
    anonymous = reported(west_end, anonymous=True)
    reported(west_end, days_ago=1)  # no contact details either
    assert duplicates.short_list(first, officer).repeat is None
    assert duplicates.short_list(anonymous, officer).repeat is None


def test_a_linked_report_is_no_longer_suggested(area):
    west_end, officer = area["west_end"], area["officer"]
    this = reported(west_end, vehicle("AB12CDE"))
    other = reported(west_end, vehicle("AB12CDE"), days_ago=1)
    assert [m.report.id for m in duplicates.short_list(this, officer).matches] == [other.id]
    links.link(this, other, by=officer)
    assert duplicates.short_list(this, officer).matches == []


def test_the_page_shows_the_short_list_with_links_and_the_repeat_line_once(client, area):
    west_end, officer = area["west_end"], area["officer"]
    this = reported(west_end, phone(IMEI), email=VICTIM)
    matches = [reported(west_end, phone(IMEI), days_ago=0.1 * (n + 1)) for n in range(7)]
    repeats = [reported(west_end, email=VICTIM, days_ago=20 * (n + 1)) for n in range(2)]
    login_as(client, officer)
    shown = page(client, f"/staff/reports/{this.id}", title="Report")
    section = shown.select_one("section.dps-duplicates")
    items = section.select(".dps-duplicates__item")
    assert len(items) == 5
    assert "The 5 strongest of 7 other reports" in section.get_text(" ")
    for item, match in zip(items, matches[:5], strict=True):
        link = item.select_one("a.dps-duplicates__reference")
        assert link["href"] == f"/staff/reports/{match.id}"
        assert link.get_text(strip=True) == references.display(match.reference)
        assert "Phone IMEI 352099001761481 (a phone in both)" in item.get_text(" ")
        assert item.select_one("button").get_text(" ", strip=True) == f"Link report {link.get_text(strip=True)}"
    repeat = shown.select("#repeat-reporter")
    assert len(repeat) == 1 and "Repeat reporter: 3 reports in 6 months" in repeat[0].get_text(" ")
    assert [a["href"] for a in repeat[0].select("a")] == [f"/staff/reports/{r.id}" for r in repeats]
    assert shown.text.count("Repeat reporter") == 1
    # The other report opens from its link.
    opened = page(client, items[0].select_one("a")["href"], title="Report")
    assert references.display(matches[0].reference) in opened.h1


def test_front_counter_staff_see_the_list_without_link_buttons(client, area):
    this = reported(area["west_end"], vehicle("AB12CDE"))
    reported(area["west_end"], vehicle("AB12CDE"), days_ago=1)
    login_as(client, make_staff("front_counter", boroughs=[area["west_end"].borough]))
    section = page(client, f"/staff/reports/{this.id}/links").select_one("section.dps-duplicates")
    assert len(section.select(".dps-duplicates__item")) == 1 and section.select("button") == []
