"""Ward content editing by staff: scope (404 outside it), GOV.UK errors, audit records, the public ward page."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent, BoroughPriority, PriorityFeedback, WardMeeting, WardPriority, WardTeamMember
from portal.services.wards import content
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_category, make_team_member, make_ward
from tests.pages import page, submit

pytestmark = pytest.mark.usefixtures("app_context")

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)> <svg onload=alert(2)>'


@pytest.fixture
def area():
    westminster, camden = make_borough("Westminster", "E09000033"), make_borough("Camden", "E09000007")
    return {
        "west_end": make_ward("West End", "E05013808", westminster),
        "st_james": make_ward("St James's", "E05013806", westminster),
        "holborn": make_ward("Holborn and Covent Garden", "E05013660", camden),
        "westminster": westminster,
        "camden": camden,
    }


def audit_actions(action_prefix="ward_content"):
    return [
        (e.action, e.target_id, e.detail)
        for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action.startswith(action_prefix)).order_by(AuditEvent.id)
        )
    ]


def priority_data(issue="Drug dealing by the station", action="", raised=("3", "9", "2026")):
    return {
        "issue": issue,
        "issue_date": list(raised),
        "action": action,
        "action_date": ["", "", ""],
    }


def test_an_officer_adds_a_ward_panel_priority_that_shows_on_the_ward_page(client, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    login_as(client, officer)
    result = submit(
        client,
        "/staff/ward-content/wards/E05013808/priorities/new",
        priority_data(action="Weekly patrols at the station entrance"),
        title="West End – Ward content",
    )
    assert "The ward panel priority is saved" in result.text
    saved = session.scalars(select(WardPriority)).one()
    assert (saved.issue, saved.action, saved.issue_date, saved.is_demo) == (
        "Drug dealing by the station",
        "Weekly patrols at the station entrance",
        date(2026, 9, 3),
        False,
    )
    assert audit_actions() == [("ward_content.priorities.added", "E05013808", f"ward panel priority {saved.id} added")]
    public = page(client, "/wards/E05013808")
    assert "Ward panel priorities: you said, we did" in public.text
    assert "You said: Drug dealing by the station" in public.text
    assert "We did: Weekly patrols at the station entrance" in public.text


def test_changing_and_removing_a_priority_is_audited(client, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    login_as(client, officer)
    priority = content.save_ward_priority(area["west_end"], issue="Noise", issue_date=date(2026, 1, 5))
    url = f"/staff/ward-content/wards/E05013808/priorities/{priority.id}"
    form = page(client, url, title="Change the ward panel priority")
    assert form.select_one("textarea[name=issue]").get_text() == "Noise"
    submit(client, url, priority_data(issue="Noise at night", raised=("5", "1", "2026"), action="Patrols"))
    assert session.get(WardPriority, priority.id).action == "Patrols"
    token = page(client, "/staff/ward-content/wards/E05013808").csrf_token()
    client.post(f"{url}/remove", data={"csrf_token": token})
    assert session.scalars(select(WardPriority)).all() == []
    assert [a[0] for a in audit_actions()] == ["ward_content.priorities.changed", "ward_content.priorities.removed"]
    assert audit_actions()[0][2] == f"ward panel priority {priority.id} changed: action, issue"


def test_bad_input_gets_a_gov_uk_error_summary(client, area):
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    data = priority_data(issue="", raised=("31", "2", "2026"))
    data["action_date"] = ["1", "", "2026"]
    result = submit(client, "/staff/ward-content/wards/E05013808/priorities/new", data, title="Error: ")
    assert result.error_messages() == [
        "Enter the issue residents raised",
        "The date it was raised must be a real date",
        "The date the work started must be a real date",
    ]
    meeting = submit(
        client,
        "/staff/ward-content/wards/E05013808/meetings/new",
        {"title": "", "day": ["1", "12", "2026"], "starts": "25:00", "address": "Hall"},
        title="Error: ",
    )
    assert meeting.error_messages() == [
        "Enter the title of the meeting",
        "Select what kind of meeting it is",
        "Enter the time in the format 14:30 or 2:30pm",
    ]
    assert session.scalars(select(WardPriority)).all() == [] and audit_actions() == []


def test_a_meeting_and_a_team_member_are_added(client, area):
    login_as(client, make_staff("supervisor", boroughs=[area["westminster"]]))
    submit(
        client,
        "/staff/ward-content/wards/E05013806/meetings/new",
        {
            "title": "Ward panel",
            "type": "meeting",
            "day": ["2", "3", str(date.today().year + 1)],
            "starts": "7pm",
            "ends": "20:30",
            "address": "St James's church hall",
            "description": "",
        },
    )
    meeting = session.scalars(select(WardMeeting)).one()
    assert (meeting.starts_at.hour, meeting.ends_at.hour, meeting.ends_at.minute) == (19, 20, 30)
    assert "St James's church hall" in page(client, "/wards/E05013806").text
    submit(
        client,
        "/staff/ward-content/wards/E05013806/team/new",
        {"rank": "PC", "name": "Jo Bloggs", "role": "Dedicated ward officer", "email": "StJames@Example.org"},
    )
    member = session.scalars(select(WardTeamMember)).one()
    assert (member.name, member.email, member.is_demo) == ("Jo Bloggs", "StJames@example.org", False)
    assert [a[0] for a in audit_actions()] == ["ward_content.meetings.added", "ward_content.team.added"]
    assert "PC Jo Bloggs" in page(client, "/wards/E05013806").text


def test_free_text_is_stored_verbatim_and_rendered_inert(client, area):
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    submit(client, "/staff/ward-content/wards/E05013808/priorities/new", priority_data(issue=XSS, action=XSS))
    assert session.scalars(select(WardPriority.issue)).one() == XSS
    for url in ("/wards/E05013808", "/staff/ward-content/wards/E05013808"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/staff/ward-content/wards/E05013660",
        "/staff/ward-content/wards/E05013660/priorities/new",
        "/staff/ward-content/wards/E05013660/team/new",
        "/staff/ward-content/wards/E05013660/meetings/new",
        "/staff/ward-content/boroughs/E09000007",
        "/staff/ward-content/boroughs/E09000007/priorities",
        "/staff/ward-content/wards/E05013808/parking/new",
        "/staff/ward-content/wards/E05999999",
    ],
)
def test_pages_outside_scope_answer_404(client, area, url):
    login_as(client, make_staff("supervisor", boroughs=[area["westminster"]]))
    page(client, url, status=404)


def test_an_officer_cannot_edit_another_ward_or_the_borough(client, area):
    login_as(client, make_staff("officer", wards=[area["west_end"]]))
    page(client, "/staff/ward-content/wards/E05013806", status=404)
    page(client, "/staff/ward-content/boroughs/E09000033", status=404)
    page(client, "/staff/ward-content/boroughs/E09000033/priorities", status=404)
    index = page(client, "/staff/ward-content", title="Ward content")
    assert index.texts("table a") == ["West End"]


def test_actions_on_another_wards_items_answer_404(client, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    other = content.save_ward_priority(area["st_james"], issue="Cycle theft", issue_date=date(2026, 1, 1))
    member = make_team_member(area["st_james"])
    login_as(client, officer)
    token = page(client, "/staff/ward-content/wards/E05013808").csrf_token()
    # Another ward's item, whether asked for under its own ward or smuggled under the officer's own ward.
    for url in (
        f"/staff/ward-content/wards/E05013806/priorities/{other.id}",
        f"/staff/ward-content/wards/E05013808/priorities/{other.id}",
        f"/staff/ward-content/wards/E05013808/team/{member.id}",
    ):
        page(client, url, status=404)
        assert client.post(url, data={"csrf_token": token, **priority_data()}).status_code == 404
        assert client.post(f"{url}/remove", data={"csrf_token": token}).status_code == 404
    assert session.get(WardPriority, other.id).issue == "Cycle theft"
    assert session.get(WardTeamMember, member.id) is not None
    assert audit_actions() == []


def test_staff_without_content_permission_are_refused(client, area):
    login_as(client, make_staff("front_counter", boroughs=[area["westminster"]]))
    assert client.get("/staff/ward-content").status_code == 403


def test_a_supervisor_sets_the_borough_priorities(client, area):
    burglary = make_category("burglary", "Burglary")
    make_category("robbery", "Robbery")
    make_category("anti-social-behaviour", "Anti-social behaviour")
    session.add(BoroughPriority(borough_id=area["westminster"].id, category_id=burglary.id, suggested=True))
    session.commit()
    login_as(client, make_staff("supervisor", boroughs=[area["westminster"]]))
    assert "Suggested from recorded crime" in page(client, "/wards/E05013808").text
    form = page(client, "/staff/ward-content/boroughs/E09000033/priorities")
    assert [i["value"] for i in form.select("input[name=categories]")] == ["burglary", "robbery"]
    too_many = make_category("vehicle-crime", "Vehicle crime")
    errors = submit(
        client,
        "/staff/ward-content/boroughs/E09000033/priorities",
        {"categories": ["burglary", "robbery", too_many.slug]},
    )
    assert errors.error_messages() == ["Select no more than 2 priority crimes"]
    assert submit(client, "/staff/ward-content/boroughs/E09000033/priorities", {}).error_messages() == [
        "Select the borough's agreed priority crimes"
    ]
    submit(client, "/staff/ward-content/boroughs/E09000033/priorities", {"categories": ["robbery"]})
    rows = session.scalars(select(BoroughPriority).where(BoroughPriority.borough_id == area["westminster"].id)).all()
    assert [(r.category.slug, r.suggested) for r in rows] == [("robbery", False)]
    public = page(client, "/wards/E05013808")
    assert "Suggested from recorded crime" not in public.text and "Robbery" in public.text
    assert audit_actions() == [("ward_content.borough_priorities.set", "E09000033", "robbery")]


def test_residents_priority_counts_show_on_the_staff_pages(client, area):
    session.add_all(
        [
            PriorityFeedback(ward_id=area["west_end"].id, issues="drugs,burglary"),
            PriorityFeedback(ward_id=area["west_end"].id, issues="drugs"),
            PriorityFeedback(ward_id=area["holborn"].id, issues="burglary"),
        ]
    )
    session.commit()
    login_as(client, make_staff("supervisor", boroughs=[area["westminster"]]))
    ward = page(client, "/staff/ward-content/wards/E05013808")
    assert "2 responses" in ward.text
    assert ward.texts("#feedback ~ table tbody tr") == ["Drug dealing or drug use 2", "Burglary 1"]
    borough = page(client, "/staff/ward-content/boroughs/E09000033")
    assert borough.texts("tbody tr") == ["St James's 0", "West End 2"]


def test_an_administrator_can_edit_any_ward(client, area):
    login_as(client, make_staff("admin"))
    index = page(client, "/staff/ward-content")
    assert index.texts("ul.govuk-list a") == ["Camden", "Westminster"]
    page(client, "/staff/ward-content/wards/E05013660", title="Holborn and Covent Garden")
    page(client, "/staff/ward-content/boroughs/E09000007", title="Camden")
