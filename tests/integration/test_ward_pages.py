"""The ward finder, the ward page and "tell us your priorities", read like a user reads them."""

from datetime import date

from sqlalchemy import select

from portal.db import db, session
from portal.models import PriorityFeedback
from portal.services.wards import advice, reference
from portal.services.wards import search as ward_search
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
    """Post the form on the ward page as a browser without JavaScript does. The page carries no CSRF token (anyone
    may be given it from a cache), so a first post of good answers comes back to be checked and sent, with one."""
    page(client, "/wards/E05013808")
    first = client.post("/wards/E05013808/priorities", data=data)
    if first.status_code != 200:
        return first
    check = check_page(first, title="Check and send your priorities")
    return client.post(
        "/wards/E05013808/priorities", data={"csrf_token": check.csrf_token(), **data}, follow_redirects=True
    )


def test_priorities_are_stored_and_the_resident_is_thanked(client, app_context):
    make_ward("West End", "E05013808")
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    thanks = check_page(_post_priorities(client, {"issues": ["drugs", "burglary"], "comment": payload}))
    assert thanks.title.startswith("Thank you for telling us your priorities")
    assert "What happens next" in thanks.text
    stored = session.scalar(select(PriorityFeedback))
    assert (stored.issues, stored.comment) == ("drugs,burglary", payload)
    assert "<script>alert" not in thanks.response.get_data(as_text=True)


def test_the_ward_page_form_carries_no_token_and_a_post_without_one_sends_nothing_until_checked(client, app_context):
    make_ward("West End", "E05013808")
    ward = page(client, "/wards/E05013808")
    assert ward.select("input[name=csrf_token]") == []
    assert "Set-Cookie" not in ward.response.headers
    data = {"issues": ["drugs", "speeding"], "comment": "Cars racing on Sundays"}
    shown = check_page(client.post("/wards/E05013808/priorities", data=data), title="Check and send your priorities")
    assert session.scalar(select(PriorityFeedback)) is None
    assert "have not been sent yet" in shown.text
    assert shown.error_messages() == []  # a missing token is never the resident's error
    assert sorted(box["value"] for box in shown.select("input[name=issues][checked]")) == ["drugs", "speeding"]
    assert shown.select_one("textarea[name=comment]").get_text() == "Cars racing on Sundays"
    assert shown.response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" in shown.response.headers  # the token is in the browser's session from now on
    sent = client.post("/wards/E05013808/priorities", data={"csrf_token": shown.csrf_token(), **data})
    assert sent.status_code == 302 and sent.headers["Location"] == "/wards/E05013808/priorities/thank-you"
    assert session.scalar(select(PriorityFeedback)).comment == "Cars racing on Sundays"


def test_a_made_up_token_or_another_browsers_token_sends_nothing(client, app):
    # No application context around the requests: each has its own, as in production (a token is kept per request).
    with app.app_context():
        make_ward("West End", "E05013808")
    data = {"issues": ["drugs"]}
    made_up = client.post("/wards/E05013808/priorities", data={"csrf_token": "x" * 40, **data})
    check_page(made_up, title="Check and send your priorities")
    token = app.test_client().get("/form-token").get_json()["csrf_token"]
    stolen = client.post("/wards/E05013808/priorities", data={"csrf_token": token, **data})
    check_page(stolen, title="Check and send your priorities")
    with app.app_context():
        assert session.scalar(select(PriorityFeedback)) is None


def test_a_script_gets_a_token_when_the_form_is_first_used_and_the_first_post_sends(client, app_context):
    make_ward("West End", "E05013808")
    issued = client.get("/form-token")
    assert issued.headers["Cache-Control"] == "no-store"
    assert issued.headers["Set-Cookie"].startswith("dps_session=")
    data = {"csrf_token": issued.get_json()["csrf_token"], "issues": ["burglary"]}
    assert client.post("/wards/E05013808/priorities", data=data).status_code == 302
    assert session.scalar(select(PriorityFeedback)).issues == "burglary"


def test_priorities_from_another_site_are_refused_whatever_the_token(client, app_context):
    make_ward("West End", "E05013808")
    token = client.get("/form-token").get_json()["csrf_token"]
    refused = client.post(
        "/wards/E05013808/priorities",
        data={"csrf_token": token, "issues": ["drugs"]},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert refused.status_code == 400
    assert session.scalar(select(PriorityFeedback)) is None


def test_priorities_form_errors_are_summarised(client, app_context):
    make_ward("West End", "E05013808")
    none = check_page(_post_priorities(client, {"comment": "x"}), status=400)
    assert none.error_messages() == ["Select at least one local issue"]
    assert none.title.startswith("Error: West End ward")
    assert none.csrf_token()  # the form shown back carries a token, so correcting it sends it
    four = check_page(_post_priorities(client, {"issues": ["drugs", "burglary", "fraud", "speeding"]}), status=400)
    assert four.error_messages() == ["Select up to 3 local issues"]
    long = check_page(_post_priorities(client, {"issues": ["drugs"], "comment": "x" * 501}), status=400)
    assert long.error_messages() == ["Your comment must be 500 characters or fewer"]
    made_up = check_page(_post_priorities(client, {"issues": ["parking"]}), status=400)
    assert made_up.error_messages() == ["Select local issues from the list"]
    assert session.scalar(select(PriorityFeedback)) is None
    corrected = client.post("/wards/E05013808/priorities", data={"csrf_token": none.csrf_token(), "issues": ["drugs"]})
    assert corrected.status_code == 302


def test_priorities_are_rate_limited(client, app_context):
    make_ward("West End", "E05013808")
    token = client.get("/form-token").get_json()["csrf_token"]
    data = {"csrf_token": token, "issues": ["drugs"]}
    statuses = [client.post("/wards/E05013808/priorities", data=data).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


def test_a_kept_page_is_the_same_for_everyone_and_shows_another_processs_change_once_it_reads_the_version(client, app):
    """Each process keeps ward pages while the public content keeps its version, which it reads at most every
    CONTENT_VERSION_CHECK_SECONDS. Another process (here another application on the same database) changes a ward's
    team: this one keeps its page until it next reads the version, then shows the change."""
    from portal import create_app
    from portal.config import TestConfig
    from portal.services.wards import content

    with app.app_context():
        make_ward("West End", "E05013808")
    config = TestConfig()
    config.DATABASE_URL = app.config["DATABASE_URL"]
    other_process = create_app(config)
    app.config.update(WARD_PAGE_CACHE_SECONDS=300, CONTENT_VERSION_CHECK_SECONDS=3600)
    try:
        first, second = page(client, "/wards/E05013808"), page(client, "/wards/E05013808")
        assert first.response.get_data() == second.response.get_data()
        assert first.response.headers["ETag"] == second.response.headers["ETag"]
        with other_process.app_context():
            ward = ward_search.ward_by_code("E05013808")
            content.save_team_member(ward, name="Sam Example", rank="PC", role="Dedicated ward officer")
        assert "Sam Example" not in page(client, "/wards/E05013808").text  # not read the version since
        app.config["CONTENT_VERSION_CHECK_SECONDS"] = 0  # its time to read it again has come
        changed = page(client, "/wards/E05013808")
        assert "PC Sam Example" in changed.text
        assert changed.response.headers["ETag"] != first.response.headers["ETag"]
    finally:
        app.config.update(WARD_PAGE_CACHE_SECONDS=0, CONTENT_VERSION_CHECK_SECONDS=0)
        clear_cache()
        with other_process.app_context():
            db.engine.dispose()


def test_a_change_made_in_this_process_shows_at_once(client, app):
    from portal.services.wards import content

    with app.app_context():
        make_ward("West End", "E05013808")
    app.config.update(WARD_PAGE_CACHE_SECONDS=300, CONTENT_VERSION_CHECK_SECONDS=3600)
    try:
        assert "Sam Example" not in page(client, "/wards/E05013808").text
        with app.app_context():
            content.save_team_member(
                ward_search.ward_by_code("E05013808"), name="Sam Example", rank="PC", role="Dedicated ward officer"
            )
        assert "PC Sam Example" in page(client, "/wards/E05013808").text
    finally:
        app.config.update(WARD_PAGE_CACHE_SECONDS=0, CONTENT_VERSION_CHECK_SECONDS=0)
        clear_cache()
