"""The router and the lost or found guide as pages: one question at a time, errors on the page, the other
organisations' details, and a report started with the answers already given."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import ReportDraft
from tests.factories.reports import ward_fixture  # noqa: F401  (fixture)
from tests.pages import check_page, page

ROUTER = "/where-to-report"


def test_the_router_asks_one_question_at_a_time_and_keeps_the_answers_in_the_page(client):
    first = page(client, ROUTER, title="Is anyone in danger")
    assert first.h1 == "Is anyone in danger, or is a crime happening now?"
    second = page(client, f"{ROUTER}?emergency=no&asked=emergency", title="What happened?")
    assert [i["value"] for i in second.select("input[type=hidden][name=emergency]")] == ["no"]
    assert second.select_one(".govuk-back-link")["href"] == ROUTER


def test_an_unanswered_question_gets_an_error_summary(client):
    result = page(client, f"{ROUTER}?emergency=no&asked=happened", status=400)
    assert result.title.startswith("Error: ")
    assert result.error_messages() == ["Select what happened"]


def test_another_organisation_is_shown_with_its_numbers(client):
    btp = page(client, f"{ROUTER}?emergency=no&happened=stolen&place=railway", title="Contact British Transport")
    assert "61016" in btp.text and "0800 40 50 40" in btp.text
    fraud = page(client, f"{ROUTER}?emergency=no&happened=fraud&fraud_reasons=none", title="Contact Report Fraud")
    assert "0300 123 2040" in fraud.text and "4 December 2025" in fraud.text
    anonymous = page(client, f"{ROUTER}?emergency=no&happened=information&anonymous=yes")
    assert "0800 555 111" in anonymous.text and "give information to us online" in anonymous.text
    assert "Call 999 now" in page(client, f"{ROUTER}?emergency=yes").h1


def test_lost_and_found_answers_go_to_their_guide(client):
    response = client.get(f"{ROUTER}?emergency=no&happened=lost")
    assert response.status_code == 302 and response.location.endswith("/lost-or-found/lost")


def test_starting_a_report_carries_the_answers_and_skips_their_questions(app, client, ward):
    answers = "emergency=no&happened=stolen&place=london&stolen_how=pickpocket"
    result = page(client, f"{ROUTER}?{answers}", title="Report a theft")
    form = result.select_one("form[method=post]")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(form["action"], data=data)
    assert response.status_code == 302 and response.location.endswith("/report/theft/when")
    with app.app_context():
        (draft,) = session.scalars(select(ReportDraft)).all()
        assert draft.answers == {"emergency": {"emergency": "no"}, "kind": {"theft_kind": "pickpocket"}}
    back = page(client, "/report/theft/when")
    assert back.select_one(".govuk-back-link")["href"] == "/report/theft/kind"
    kind = page(client, "/report/theft/kind")
    assert kind.select_one("input[name=theft_kind][value=pickpocket]").has_attr("checked")


def test_a_start_post_that_the_rules_do_not_send_to_a_report_starts_nothing(app, client):
    token = page(client, f"{ROUTER}?emergency=no&happened=stolen&place=london&stolen_how=left").csrf_token()
    for data in ({"emergency": "no", "happened": "street"}, {"emergency": "no", "kind": "theft_kind"}):
        response = client.post(f"{ROUTER}/start-report", data={"csrf_token": token, **data})
        assert response.status_code == 302 and response.location.endswith(ROUTER)
    assert client.post(f"{ROUTER}/start-report", data={"emergency": "no"}).status_code == 400  # no CSRF token
    with app.app_context():
        assert session.scalars(select(ReportDraft)).all() == []


def test_lost_property_is_signposted_by_item_and_place_with_no_reference(client):
    advice = page(client, "/lost-or-found/lost?item=phone&place=tfl", title="What to do about something you have lost")
    for text in ("We do not record lost property", "Ask your network to block it", "TfL lost property"):
        assert text in advice.text
    letter = page(client, advice.select_one("a[href='/lost-or-found/letter']")["href"], title="Letter about lost")
    assert "does not give reference numbers" in letter.text
    passport = page(client, "/lost-or-found/lost?item=passport&place=outside")
    assert "Tell HM Passport Office straight away" in passport.text and "TfL" not in passport.text


def test_the_lost_form_needs_both_answers(client):
    result = page(client, "/lost-or-found/lost?item=keys", status=400)
    assert result.error_messages() == ["Select where you think you lost it"]


def test_found_things_are_taken_in_only_in_the_accepted_cases(app, client, ward):
    assert page(client, "/lost-or-found/found?item=dangerous&place=outside").h1 == "Do not touch it"
    assert page(client, "/lost-or-found/found?item=other&place=building").h1 == "We cannot take it"
    assert page(client, "/lost-or-found/found?item=device&place=transport").h1 == "Hand it to the transport staff"
    assert "HM Passport Office" in page(client, "/lost-or-found/found?item=passport&place=outside").text
    accepted = page(client, "/lost-or-found/found?item=serial&place=outside")
    assert accepted.h1 == "You can hand it in"
    form = accepted.select_one("form[method=post]")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = client.post(form["action"], data=data)
    assert response.status_code == 302 and response.location.endswith("/report/found-property/item")
    refused = client.post(form["action"], data={**data, "item": "other"})
    assert refused.status_code == 302 and refused.location.endswith("/lost-or-found/found")
    with app.app_context():
        (draft,) = session.scalars(select(ReportDraft)).all()
        assert draft.answers["what"] == {"found_kind": "serial"}


def test_guide_pages_link_from_the_home_and_report_pages(client):
    for url in ("/", "/report"):
        shown = page(client, url)
        links = {a["href"] for a in shown.select("a")}
        assert {"/where-to-report", "/lost-or-found"} <= links, url
    check_page(client.get("/lost-or-found"))
