"""The ward finder, the ward page and "tell us your priorities", read like a user reads them."""

from datetime import date

from sqlalchemy import select

from portal.db import session
from portal.models import PriorityFeedback, WardTeamMember
from portal.services.wards import advice, reference
from portal.services.wards.page import clear_cache
from portal.services.wards.statistics import add_months
from tests.factories.wards import make_borough, make_category, make_monthly_crime, make_team_member, make_ward
from tests.pages import check_page, page
from tests.support.ward_data import ADVICE, MAPPING_CSV


def test_find_your_ward_lists_wards_by_borough(client, app_context):
    westminster = make_borough("Westminster", "E09000033")
    make_ward("West End", "E05013808", westminster)
    found = page(client, "/wards", title="Find your ward")
    assert "Westminster (1 wards)" in found.texts("summary")[0]
    assert found.select_one("a[href='/wards/E05013808']").get_text() == "West End"
    assert found.select_one("input[name=q]")["id"] == "q"


def test_search_redirects_to_a_single_match_and_lists_several(client, app_context):
    westminster = make_borough("Westminster", "E09000033")
    make_ward("West End", "E05013808", westminster)
    make_ward("Westbourne", "E05013809", westminster)
    assert client.get("/wards?q=west+end").headers["Location"] == "/wards/E05013808"
    results = page(client, "/wards?q=westminster", title="Wards matching “westminster”")
    assert results.texts("main li") == ["West End , Westminster", "Westbourne , Westminster"]
    nothing = page(client, "/wards?q=narnia")
    assert "No ward or borough matches “narnia”" in nothing.text


def test_an_empty_search_shows_an_error_summary(client, app_context):
    empty = page(client, "/wards?q=+", status=400, title="Error: Find your ward")
    assert empty.error_messages() == ["Enter a ward or borough name"]


def test_readable_slugs_redirect_to_the_ward_code(client, app_context):
    camden, westminster = make_borough("Camden", "E09000007"), make_borough("Westminster", "E09000033")
    make_ward("West End", "E05013808", westminster)
    make_ward("Regent's Park", "E05013656", camden)
    make_ward("Regent's Park", "E05013807", westminster)
    assert client.get("/wards/west-end").headers["Location"] == "/wards/E05013808"
    assert client.get("/wards/westminster/regent-s-park").headers["Location"] == "/wards/E05013807"
    assert client.get("/wards/regent-s-park").headers["Location"] == "/wards?q=Regent's+Park"
    page(client, "/wards/nowhere", status=404)
    page(client, "/wards/E05999999", status=404)


def _rising_ward():
    ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
    load_reference_categories_and_advice()
    theft = make_category("theft-from-the-person")
    months = {add_months(date(2024, 1, 1), n): 10 for n in range(24)}
    # Oct-Dec 2025: 14 each (42) against 10 each (30) a year earlier: +12 offences, +40%.
    months.update({date(2025, 10, 1): 14, date(2025, 11, 1): 14, date(2025, 12, 1): 14})
    make_monthly_crime(ward, theft, months)
    return ward


def load_reference_categories_and_advice():
    reference.load_categories(MAPPING_CSV)
    advice.load_advice(ADVICE)


def test_the_page_leads_with_advice_for_a_rising_category_and_says_why(client, app_context):
    _rising_ward()
    ward_page = page(client, "/wards/E05013808", title="West End ward, Westminster")
    rising = ward_page.select_one(".dps-rising")
    assert rising.select_one(".dps-rising__reason").get_text(strip=True) == (
        "Theft from the person is up 40% in the last 3 months compared with a year ago "
        "(42 offences in October to December 2025, against 30 in October to December 2024)."
    )
    assert rising.select_one("h3").get_text() == "Keep your phone safe on the street"
    row = ward_page.select_one(".dps-crime-table tbody tr")
    assert " ".join(row.get_text(" ").split()) == "Theft from the person Rising 132 120 Up 10%"
    assert ward_page.select_one("svg.dps-chart__svg title").get_text().startswith("Bar chart")


def test_without_a_rising_category_the_page_shows_borough_priority_and_asb_advice(client, app_context):
    ward = make_ward("Quiet", "E05000100", make_borough("Sutton", "E09000029"))
    load_reference_categories_and_advice()
    make_monthly_crime(ward, make_category("burglary"), {date(2025, 12, 1): 2})
    from portal.services.wards.summaries import suggest_borough_priorities

    suggest_borough_priorities()
    quiet = page(client, "/wards/E05000100")
    assert not quiet.select(".dps-rising")
    assert [h.get_text() for h in quiet.select(".dps-advice h3")] == [
        "Protect your home from burglary",
        "Dealing with anti-social behaviour",
    ]
    assert "Burglary Suggested from recorded crime" in quiet.text
    assert "Anti-social behaviour (a priority in every borough)" in quiet.text


def test_city_of_london_wards_name_the_publisher_of_their_statistics(client, app_context):
    city = make_borough("City of London", "E09000001")
    city.statistics_publisher = "City of London Police"
    make_ward("Aldersgate", "E05009288", city)
    aldersgate = page(client, "/wards/E05009288")
    assert "Crime statistics for Aldersgate are published by the City of London Police" in aldersgate.text


def test_demonstration_content_is_labelled(client, app_context):
    ward = make_ward("West End", "E05013808")
    assert "Demonstration data" not in page(client, "/wards/E05013808").text
    make_team_member(ward, "Sam Example", demo=True)
    labelled = page(client, "/wards/E05013808")
    assert labelled.select_one("#demo-banner-title").get_text() == "Demonstration data"
    assert "PC Sam Example" in labelled.text


def test_the_api_returns_the_page_as_json(client, app_context):
    ward = _rising_ward()
    make_team_member(ward, "Sam Example")
    data = client.get("/api/wards/e05013808").get_json()
    assert data["id"] == "E05013808" and data["borough"] == {"id": "E09000033", "name": "Westminster"}
    assert data["team"][0] == {
        "name": "Sam Example",
        "rank": "PC",
        "role": "Dedicated ward officer",
        "bio": None,
        "contact_details": {"email": "team@example.org"},
    }
    assert data["rising"] == ["theft-from-the-person"]
    assert data["crime"]["categories"][0]["last_3"] == 42
    assert data["crime"]["last_12_months"] == "January to December 2025"
    missing = client.get("/api/wards/E05999999")
    assert missing.status_code == 404 and missing.get_json() == {"error": "No ward has this code"}
    assert client.get("/api/wards?q=west").get_json() == [
        {"id": "E05013808", "name": "West End", "borough": "Westminster", "url": "/wards/E05013808"}
    ]


def _post_priorities(client, data):
    token = page(client, "/wards/E05013808").csrf_token()
    return client.post("/wards/E05013808/priorities", data={"csrf_token": token, **data}, follow_redirects=True)


def test_priorities_are_stored_and_the_resident_is_thanked(client, app_context):
    make_ward("West End", "E05013808")
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    thanks = check_page(_post_priorities(client, {"issues": ["drugs", "burglary"], "comment": payload}))
    assert thanks.title.startswith("Thank you for telling us your priorities")
    assert "What happens next" in thanks.text
    stored = session.scalar(select(PriorityFeedback))
    assert (stored.issues, stored.comment) == ("drugs,burglary", payload)
    assert "<script>alert" not in thanks.response.get_data(as_text=True)


def test_priorities_form_errors_are_summarised(client, app_context):
    make_ward("West End", "E05013808")
    none = check_page(_post_priorities(client, {"comment": "x"}), status=400)
    assert none.error_messages() == ["Select at least one local issue"]
    assert none.title.startswith("Error: West End ward")
    four = check_page(_post_priorities(client, {"issues": ["drugs", "burglary", "fraud", "speeding"]}), status=400)
    assert four.error_messages() == ["Select up to 3 local issues"]
    long = check_page(_post_priorities(client, {"issues": ["drugs"], "comment": "x" * 501}), status=400)
    assert long.error_messages() == ["Your comment must be 500 characters or fewer"]
    made_up = check_page(_post_priorities(client, {"issues": ["parking"]}), status=400)
    assert made_up.error_messages() == ["Select local issues from the list"]
    assert session.scalar(select(PriorityFeedback)) is None


def test_priorities_are_rate_limited(client, app_context):
    make_ward("West End", "E05013808")
    statuses = [_post_priorities(client, {"issues": ["drugs"]}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_cached_page_still_gets_each_requests_own_nonce_and_a_working_form(client, app):
    # No app context around the requests: each request must get its own, as in production.
    with app.app_context():
        ward_id = make_ward("West End", "E05013808").id
    app.config["WARD_PAGE_CACHE_SECONDS"] = 300
    try:
        first, second = page(client, "/wards/E05013808"), page(client, "/wards/E05013808")
        nonces = [p.select_one("script[nonce]")["nonce"] for p in (first, second)]
        assert nonces[0] != nonces[1]
        assert f"'nonce-{nonces[1]}'" in second.response.headers["Content-Security-Policy"]
        assert "csrf-" not in second.csrf_token()
        with app.app_context():
            session.add(WardTeamMember(ward_id=ward_id, name="Sam Example", rank="PC", role="Officer"))
            session.commit()
        assert "Sam Example" not in page(client, "/wards/E05013808").text  # still cached
        clear_cache()
        assert "Sam Example" in page(client, "/wards/E05013808").text
        sent = client.post("/wards/E05013808/priorities", data={"csrf_token": second.csrf_token(), "issues": ["drugs"]})
        assert sent.status_code == 302
    finally:
        app.config["WARD_PAGE_CACHE_SECONDS"] = 0
        clear_cache()
