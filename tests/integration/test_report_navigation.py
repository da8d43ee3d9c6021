"""Going back, changing answers from check your answers, repeating groups, and validation messages."""

from __future__ import annotations

from tests.factories.reports import (  # noqa: F401  (fixtures)
    asb_pages,
    db_fixture,
    road_traffic_pages,
    walk,
    ward_fixture,
)
from tests.pages import page, submit

RTI = "road-traffic-incident"
SLUG = "anti-social-behaviour"


def test_back_links_follow_the_visible_steps(client, ward):
    walk(client, SLUG, asb_pages(ward.code)[:3])
    assert page(client, f"/report/{SLUG}/where").select_one(".govuk-back-link")["href"] == f"/report/{SLUG}/behaviour"
    assert page(client, f"/report/{SLUG}/emergency").select_one(".govuk-back-link")["href"] == "/report"


def test_changing_an_answer_returns_to_check_answers(client, ward):
    walk(client, SLUG, asb_pages(ward.code))
    check = page(client, f"/report/{SLUG}/check-answers")
    change = next(a["href"] for a in check.select(".govuk-summary-list__actions a") if "/people?" in a["href"])
    result = submit(client, change, {"people": "Two teenagers on bikes"})
    assert result.title.startswith("Check your answers") and "Two teenagers on bikes" in result.text


def test_a_change_that_opens_a_new_step_asks_it_then_returns(client, ward):
    walk(client, SLUG, asb_pages(ward.code))
    opened = submit(client, f"/report/{SLUG}/vehicles-involved?return-to=check-answers", {"vehicles_involved": "yes"})
    assert opened.title.startswith("Vehicle 1")
    listed = submit(
        client,
        f"/report/{SLUG}/vehicles/1?return-to=check-answers",
        {"registration": "LX19 ABC", "vehicle_description": "Red moped"},
    )
    assert "You have added 1 vehicle." in listed.text
    back = submit(client, f"/report/{SLUG}/vehicles?return-to=check-answers", {"add_another": "no"})
    assert back.title.startswith("Check your answers") and "Red moped" in back.text


def test_repeating_group_add_another_change_and_remove(client, ward):
    pages = road_traffic_pages(ward.code)
    cut = pages.index(("vehicles", {"add_another": "no"}))
    walk(client, RTI, pages[:cut])
    listed = submit(client, f"/report/{RTI}/vehicles", {"add_another": "yes"})
    assert listed.title.startswith("Vehicle 2")
    listed = submit(client, f"/report/{RTI}/vehicles/2", {"registration": "XY70 ZZZ", "whose": "reporter"})
    assert listed.texts(".govuk-summary-list__key") == ["Vehicle 1", "Vehicle 2"]
    listed = submit(client, f"/report/{RTI}/vehicles/1", {"registration": "AB12 CDF", "whose": "other"})
    assert "AB12 CDF" in listed.text
    token = listed.csrf_token()
    removed = client.post(f"/report/{RTI}/vehicles/1/remove", data={"csrf_token": token}, follow_redirects=True)
    assert "AB12 CDF" not in removed.get_data(as_text=True) and "XY70 ZZZ" in removed.get_data(as_text=True)
    page(client, f"/report/{RTI}/vehicles/5", status=404)


def test_validation_messages_link_to_their_fields(client, ward):
    walk(client, SLUG, asb_pages(ward.code)[:4])
    empty = submit(client, f"/report/{SLUG}/place", {"place": "", "postcode": "nonsense"})
    assert empty.title.startswith("Error: ")
    assert empty.error_messages() == ["Enter a description of the place", "Enter a real postcode, like SW1A 2JL"]
    assert [a["href"] for a in empty.select(".govuk-error-summary__list a")] == ["#place", "#postcode"]
    too_long = submit(client, f"/report/{SLUG}/place", {"place": "x" * 501})
    assert too_long.error_messages() == ["Describe the place must be 500 characters or fewer"]
    assert too_long.select_one(".govuk-character-count")


def test_dates_and_contact_details_are_checked(client, ward):
    walk(client, SLUG, asb_pages(ward.code)[:5])
    bad_date = submit(client, f"/report/{SLUG}/when", {"date": ["31", "2", "2025"], "time": "25:00"})
    assert bad_date.error_messages() == [
        "The date it last happened must be a real date",
        "Enter the time in the format 14:30 or 2:30pm",
    ]
    future = submit(client, f"/report/{SLUG}/when", {"date": ["1", "1", "2999"]})
    assert future.error_messages() == ["The date it last happened must be today or in the past"]
    pages = asb_pages(ward.code)
    walk(client, SLUG, pages[5:-2])
    nothing = submit(client, f"/report/{SLUG}/your-details", {"name": "Sam", "email": "", "phone": ""})
    assert nothing.error_messages() == ["Enter an email address or a phone number, so we can contact you"]
    wrong = submit(client, f"/report/{SLUG}/your-details", {"name": "Sam", "email": "sam@", "phone": "12"})
    assert wrong.error_messages() == [
        "Enter an email address in the correct format, like name@example.com",
        "Enter a UK phone number, like 07911 123456 or 020 7946 0000",
    ]
    injected = submit(client, f"/report/{SLUG}/your-details", {"name": "Sam", "email": "a@b.com\r\nBcc: x@y.com"})
    assert injected.error_messages() == ["Enter an email address in the correct format, like name@example.com"]
    submit(client, f"/report/{SLUG}/your-details", {"name": "Sam", "phone": "07911 123456"})
    unsafe = submit(client, f"/report/{SLUG}/contact-preferences", {"preferred": "text", "unsafe": ["text"]})
    assert unsafe.error_messages() == ["You told us text message is not safe to use: choose another way to contact you"]
    no_email = submit(client, f"/report/{SLUG}/contact-preferences", {"preferred": "email", "unsafe": ["none"]})
    assert no_email.error_messages() == ["Enter an email address on the previous page to be contacted by email"]
    both = submit(client, f"/report/{SLUG}/contact-preferences", {"preferred": "phone", "unsafe": ["none", "email"]})
    assert both.error_messages() == ["Select 'All are safe' on its own, or select the ways that are not safe"]
