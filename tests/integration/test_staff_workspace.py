"""The staff report page as a workspace, through the Flask client with CSRF on: the status form offers only the moves
the table allows (less those made by grading or assigning), outcomes only when closing, the timeline runs newest
first with each action once, the contact details show once where an update is written, and the answers are grouped
by topic with the most useful first."""

from __future__ import annotations

import pytest

from portal.db import session
from portal.models import Report, Ward
from tests.factories.reports import asb_pages, make_report, road_traffic_pages, send, walk
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import check_page, page

QUICK_TRIAGE = {
    "triage-nothing_identified": "y",
    "triage-investigation": "some",
    "triage-grading": "standard",
    "triage-enhanced_rights": "no",
    "triage-reason": "Weekly nuisance; no immediate risk.",
}
# Every outcome, and the status each closes a case with (portal/services/cases/states.py, as docs/triage.md says).
OUTCOMES = {
    "charged": "closed",
    "words-of-advice": "closed",
    "nfa-evidence": "closed",
    "nfa-suspect-not-identified": "closed",
    "information-recorded": "closed",
    "referred-report-fraud": "referred",
    "referred-council": "referred",
}


@pytest.fixture
def world(app, client):
    with app.app_context():
        borough = make_borough("Westminster", "E09000033")
        ward = make_ward("West End", "E05013808", borough)
        officer = make_staff("officer", wards=[ward], name="PC Amy Jones")
        login_as(client, officer)
        return {"ward": ward.id, "officer": officer.id}


def report_in(app, world, **columns) -> int:
    with app.app_context():
        return make_report(ward=session.get(Ward, world["ward"]), **columns).id


def post(client, url, data, status=200):
    token = page(client, url.rsplit("/", 1)[0]).csrf_token()
    return check_page(client.post(url, data={"csrf_token": token, **data}, follow_redirects=True), status=status)


def status_of(app, report_id):
    with app.app_context():
        report = session.get(Report, report_id)
        return report.status, report.outcome


# From each status: the moves the status form offers, and whether the closing form (outcomes) is there. Moving to
# triaged is grading's, to assigned assigning's; closed and referred are reached through an outcome.
OFFERED = {
    "received": ([], False),
    "triaged": (["investigating"], True),
    "assigned": (["investigating"], True),
    "investigating": ([], True),
    "closed": (["reopened"], False),
    "referred": (["reopened"], False),
    "reopened": (["investigating"], False),
}


@pytest.mark.parametrize(("status", "offered"), OFFERED.items())
def test_the_status_form_offers_only_the_moves_allowed_from_the_current_status(app, client, world, status, offered):
    moves, closing = offered
    shown = page(client, f"/staff/reports/{report_in(app, world, status=status)}")
    assert [i["value"] for i in shown.select("input[name=status-to]")] == moves
    outcomes = [i["value"] for i in shown.select("input[name=close-outcome]")]
    assert outcomes == (list(OUTCOMES) if closing else [])
    if status == "received":
        assert "Grade the report (THRIVE) to triage it." in shown.text


@pytest.mark.parametrize(
    ("status", "to"),
    [("received", "triaged"), ("triaged", "assigned"), ("triaged", "closed"), ("received", "investigating")],
)
def test_a_move_the_form_does_not_offer_is_refused_and_changes_nothing(app, client, world, status, to):
    report_id = report_in(app, world, status=status)
    result = post(
        client,
        f"/staff/reports/{report_id}/status",
        {"status-to": to, "status-reason": "Trying", "status-public": "no"},
    )
    assert "Select a status this case can move to" in result.error_messages()
    assert status_of(app, report_id) == (status, None)


def test_outcomes_only_when_closing_and_the_outcome_decides_closed_or_referred(app, client, world):
    moving = report_in(app, world, status="triaged")
    shown = page(client, f"/staff/reports/{moving}")
    status_form = shown.select_one(f"form[action='/staff/reports/{moving}/status']")
    assert status_form.select("input[type=radio]") and "outcome" not in str(status_form).lower()
    # An outcome sent with a move that is not a closing one is no part of it.
    post(
        client,
        f"/staff/reports/{moving}/status",
        {"status-to": "investigating", "status-reason": "Go", "status-public": "no", "close-outcome": "charged"},
    )
    assert status_of(app, moving) == ("investigating", None)

    for code, closes_as in [("charged", "closed"), ("referred-council", "referred")]:
        report_id = report_in(app, world, status="investigating")
        result = post(
            client,
            f"/staff/reports/{report_id}/close",
            {"close-outcome": code, "close-reason": "Decided", "close-public": "no"},
        )
        assert "Status changed to" in result.text
        assert status_of(app, report_id) == (closes_as, code)


def test_closing_from_a_status_that_cannot_close_is_refused(app, client, world):
    report_id = report_in(app, world, status="received")
    result = post(
        client,
        f"/staff/reports/{report_id}/close",
        {"close-outcome": "charged", "close-reason": "Decided", "close-public": "yes"},
    )
    assert "Select an outcome this case can have" in result.error_messages()
    assert status_of(app, report_id) == ("received", None)


def timeline_of(shown):
    entries = shown.select("section[aria-labelledby=timeline] li")
    return [(entry.select_one("h3").get_text(strip=True), " ".join(entry.get_text(" ").split())) for entry in entries]


def test_the_timeline_is_newest_first_and_shows_each_action_once(app, client, world):
    report_id = report_in(app, world)
    url = f"/staff/reports/{report_id}"
    post(client, f"{url}/triage", QUICK_TRIAGE)
    post(client, f"{url}/take", {})
    post(client, f"{url}/updates", {"update-text": "We are looking into it."})
    post(client, f"{url}/notes", {"note-text": "Known address."})
    post(client, f"{url}/status", {"status-to": "investigating", "status-reason": "Visiting.", "status-public": "yes"})

    entries = timeline_of(page(client, url))
    assert [heading for heading, _ in entries] == [
        "Assigned to Investigating",
        "Internal note",
        "Update to the victim",
        "Assigned",
        "Triage",
        "Report received",
    ]
    text = dict(entries)
    # Grading moved the case and told the victim: one entry, its reason once, the move and the message in it.
    assert text["Triage"].count("Weekly nuisance; no immediate risk.") == 1
    assert "Moved the case: Received to Triaged." in text["Triage"]
    assert "The victim was told: An officer has looked at your report" in text["Triage"]
    assert "Moved the case: Triaged to Assigned." in text["Assigned"]
    assert text["Assigned"].count("Took the case.") == 1
    assert "The victim was told: PC Amy Jones is now the officer in charge" in text["Assigned"]
    assert "The victim was told: An officer is investigating your report." in text["Assigned to Investigating"]
    assert "Internal" in text["Internal note"] and "Seen by victim" in text["Update to the victim"]
    everything = " ".join(text.values())
    assert everything.count("Received to Triaged") == 1 and everything.count("Triaged to Assigned") == 1


def test_contact_details_show_once_where_an_update_is_written(app, client, world):
    reporter = app.test_client()
    pages = road_traffic_pages("E05013808")
    contact = {"preferred": "phone", "times": "After 6pm", "unsafe": ["text", "letter"]}
    walk(
        reporter,
        "road-traffic-incident",
        [(step, contact if step == "contact-preferences" else data) for step, data in pages],
    )
    send(reporter, "road-traffic-incident")
    with app.app_context():
        report = session.query(Report).filter_by(reporter_email="sam@example.com").one()
        report_id, phone = report.id, report.reporter_phone

    shown = page(client, f"/staff/reports/{report_id}")
    for detail in ("sam@example.com", phone, "After 6pm", "Sam O'Brien"):
        assert shown.text.count(detail) == 1, detail
    update = shown.select_one("section[aria-labelledby=update]")
    words = " ".join(update.get_text(" ").split())
    assert "sam@example.com" in words and phone in words and "Sam O'Brien" in words
    assert "Prefers Phone call" in words
    assert "Not safe to use: text message, letter." in words
    assert update.select_one("textarea[name=update-text]")
    # The reporter's own answers about contact are not repeated among the answers.
    titles = shown.texts(".govuk-summary-card__title")
    assert "Your details" not in titles and "How to contact you" not in titles


def test_an_anonymous_reporter_has_no_contact_details_and_the_officer_is_told(app, client, world):
    reporter = app.test_client()
    walk(reporter, "anti-social-behaviour", asb_pages("E05013808", anonymous=True))
    send(reporter, "anti-social-behaviour")
    with app.app_context():
        report_id = session.query(Report).filter_by(anonymous=True).one().id
    update = page(client, f"/staff/reports/{report_id}").select_one("section[aria-labelledby=update]")
    words = " ".join(update.get_text(" ").split())
    assert "The reporter chose not to give their details." in words
    assert "The reporter gave no contact details, so they cannot be told." in words


def test_answers_are_grouped_by_topic_with_what_happened_first_and_open(app, client, world):
    reporter = app.test_client()
    walk(reporter, "road-traffic-incident", road_traffic_pages("E05013808"))
    send(reporter, "road-traffic-incident")
    with app.app_context():
        report_id = session.query(Report).filter_by(report_type="road-traffic-incident").one().id
    shown = page(client, f"/staff/reports/{report_id}")
    topics = shown.select("details.dps-answers")
    assert [" ".join(t.select_one("summary").get_text().split()) for t in topics] == [
        "What happened",
        "Where",
        "When",
        "People",
        "Vehicles",
        "Evidence",
        "Other answers",
    ]
    assert [t.has_attr("open") for t in topics] == [True, False, False, False, False, False, False]
    what = " ".join(topics[0].get_text(" ").split())
    assert "A van reversed into my car at the lights." in what and "Dented front bumper" in what
    assert "AB12 CDE" in " ".join(topics[4].get_text(" ").split())


def test_a_graded_report_keeps_the_re_grade_form_collapsed(app, client, world):
    report_id = report_in(app, world)
    url = f"/staff/reports/{report_id}"
    assert page(client, url).select_one("form[action$='/triage']").find_parent("details") is None
    post(client, f"{url}/triage", QUICK_TRIAGE)
    shown = page(client, url)
    regrade = shown.select_one("form[action$='/triage']").find_parent("details")
    assert regrade is not None and not regrade.has_attr("open")
    assert regrade.select_one("summary").get_text(strip=True) == "Re-grade this report"
    # Re-grading starts from the current grading.
    assert shown.select_one("input[name=triage-nothing_identified]").has_attr("checked")
    # With an error it comes back open.
    failed = post(client, f"{url}/triage", {**QUICK_TRIAGE, "triage-reason": ""})
    assert failed.select_one("form[action$='/triage']").find_parent("details").has_attr("open")


def test_none_identified_never_overwrites_an_element_marked_otherwise(app, client, world):
    report_id = report_in(app, world)
    result = post(client, f"/staff/reports/{report_id}/triage", {**QUICK_TRIAGE, "triage-threat": "high"})
    assert "Untick 'None identified' to record the threat you chose" in result.error_messages()
    assert status_of(app, report_id) == ("received", None)
