"""Public pages at the edge (docs/adr/0009, security checks 39-41): a visitor without a cookie of ours gets pages any
cache may keep (no cookie set, `Cache-Control: public`, a strong ETag answered with 304), while staff, victims and
anyone with a report in progress get `no-store` on every page; each process keeps the public pages whole and serves
them without running the application, and stops as soon as it reads that the public content has changed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import Borough, PublicContentVersion
from portal.services.wards import content
from portal.services.wards import search as ward_search
from portal.services.wards.page import clear_cache
from tests.factories.reports import asb_pages, make_report, walk
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.support.tracking import sign_in_with

# Every page anyone may be shown from a cache: the ward pages, the A to Z, home, /report, the guides and the
# information pages.
PUBLIC = (
    "/",
    "/report",
    "/wards",
    "/wards/E05013808",
    "/accessibility-statement",
    "/privacy-notice",
    "/cookies",
    "/contact",
    "/lost-or-found",
    "/lost-or-found/lost",
    "/lost-or-found/lost?item=phone&place=outside",
    "/lost-or-found/found",
    "/where-to-report",
)
CACHE_CONTROL = re.compile(r"^public, max-age=(\d+), stale-while-revalidate=(\d+)$")


@pytest.fixture
def west_end(app):
    with app.app_context():
        make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


@pytest.fixture
def caches_on(app):
    """The caches of a production process: pages kept whole, the version read at most once an hour (so only what
    this process changes, or a test's say-so, makes it read again)."""
    app.config.update(WARD_PAGE_CACHE_SECONDS=300, CONTENT_VERSION_CHECK_SECONDS=3600)
    yield app
    app.config.update(WARD_PAGE_CACHE_SECONDS=0, CONTENT_VERSION_CHECK_SECONDS=0)
    app.wsgi_app.entries.clear()
    clear_cache()  # every cache of this process, so the next test starts with none


@pytest.mark.parametrize("url", PUBLIC)
def test_an_anonymous_visit_sets_no_cookie_and_may_be_kept_by_any_cache(client, west_end, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers  # not "Vary: Cookie": every visitor without a cookie gets these bytes
    max_age, stale = (int(n) for n in CACHE_CONTROL.match(response.headers["Cache-Control"]).groups())
    assert 0 < max_age and 0 < stale and max_age + stale + 5 <= 60  # with the 5 s version check: a minute at most
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong: no W/
    assert "nonce" not in response.headers["Content-Security-Policy"]
    assert client.get(url).headers["ETag"] == etag  # the same bytes for the next visitor


@pytest.mark.parametrize("url", ["/", "/wards/E05013808", "/wards"])
def test_a_matching_if_none_match_gets_304_and_another_gets_the_page(client, west_end, url):
    etag = client.get(url).headers["ETag"]
    same = client.get(url, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.get_data() == b""
    assert same.headers["ETag"] == etag and same.headers["Cache-Control"].startswith("public")
    listed = client.get(url, headers={"If-None-Match": f'"0123", W/{etag}'})
    assert listed.status_code == 304  # If-None-Match compares weakly, and may list several
    other = client.get(url, headers={"If-None-Match": '"0123456789abcdef0123456789abcdef"'})
    assert other.status_code == 200 and other.get_data()


def test_a_staff_member_signed_in_gets_no_store_on_public_pages_and_their_own(app, client, west_end):
    with app.app_context():
        login_as(client, make_staff("officer"))
    for url in ("/staff/", "/wards/E05013808", "/", "/report"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "ETag" not in response.headers


def test_a_victim_signed_in_to_their_case_gets_no_store(app, client):
    from portal.models import Report
    from portal.services.tracking import links

    with app.app_context():
        report = make_report(reporter_email="a@example.com")
        token = links.issue(session.get(Report, report.id))
        session.commit()
    case = sign_in_with(client, token)
    assert case.title.startswith("Your report")
    assert case.response.headers["Cache-Control"] == "no-store"
    assert client.get("/track/case").headers["Cache-Control"] == "no-store"


def test_anyone_with_a_report_in_progress_gets_no_store_on_every_page(client, west_end):
    walk(client, "anti-social-behaviour", asb_pages("E05013808")[:1])
    step = client.get("/report/anti-social-behaviour/kind")
    assert step.status_code == 200 and step.headers["Cache-Control"] == "no-store"
    for url in ("/", "/report", "/wards/E05013808", "/wards"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_a_public_page_that_issues_a_token_is_not_kept(client):
    # Found property we take in: the page offers to start a report, with a CSRF token, so it is this visitor's.
    response = client.get("/lost-or-found/found?item=device&place=outside")
    assert "csrf_token" in response.get_data(as_text=True)
    assert response.headers["Set-Cookie"].startswith("dps_session=")
    assert response.headers["Cache-Control"] == "no-store"


def test_each_process_serves_a_kept_page_without_running_the_application(client, west_end, caches_on):
    reached = []
    application = caches_on.wsgi_app.wsgi_app

    def counting(environ, start_response):
        reached.append(environ["PATH_INFO"])
        return application(environ, start_response)

    caches_on.wsgi_app.wsgi_app = counting
    try:
        first = client.get("/wards/E05013808")
        again = client.get("/wards/E05013808")
        head = client.head("/wards/E05013808")
        unchanged = client.get("/wards/E05013808", headers={"If-None-Match": first.headers["ETag"]})
        with_query = client.get("/wards/E05013808?utm=1")
    finally:
        caches_on.wsgi_app.wsgi_app = application
    assert reached == ["/wards/E05013808", "/wards/E05013808"]  # the first, and the one with a query string
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Request-Id"] != first.headers["X-Request-Id"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert head.status_code == 200 and head.get_data() == b""
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert with_query.status_code == 200


def test_a_visitor_with_a_cookie_is_never_given_a_kept_page(app, client, west_end, caches_on):
    anonymous = app.test_client()
    assert anonymous.get("/wards/E05013808").headers["Cache-Control"].startswith("public")
    with app.app_context():
        login_as(client, make_staff("officer"))
    assert client.get("/wards/E05013808").headers["Cache-Control"] == "no-store"


def test_another_processs_change_reaches_this_one_when_it_next_reads_the_version(client, west_end, caches_on):
    from portal import create_app
    from portal.config import TestConfig
    from portal.db import db

    before = client.get("/wards/E05013808")
    config = TestConfig()
    config.DATABASE_URL = caches_on.config["DATABASE_URL"]
    other_process = create_app(config)
    try:
        with other_process.app_context():
            ward = ward_search.ward_by_code("E05013808")
            content.save_team_member(ward, name="Kim Other", rank="PCSO", role="Police community support officer")
    finally:
        with other_process.app_context():
            db.engine.dispose()
    kept = client.get("/wards/E05013808")
    assert kept.get_data() == before.get_data()  # this process has not read the version since
    caches_on.config["CONTENT_VERSION_CHECK_SECONDS"] = 0  # now it does
    fresh = client.get("/wards/E05013808")
    assert "PCSO Kim Other" in fresh.get_data(as_text=True)
    assert fresh.headers["ETag"] != before.headers["ETag"]


def test_every_change_to_what_public_pages_show_gives_a_new_version(app_context, west_end):
    def current() -> str:
        return session.scalar(select(PublicContentVersion.version))

    ward = ward_search.ward_by_code("E05013808")
    versions = [current()]
    member = content.save_team_member(ward, name="Sam Example", rank="PC", role="Dedicated ward officer")
    versions.append(current())
    content.save_team_member(ward, member, bio="Walks the West End beat.")
    versions.append(current())
    content.remove(member)
    versions.append(current())
    assert len(set(versions)) == len(versions)
    # A bulk statement bypasses the flush, and still counts.
    from sqlalchemy import update

    from portal.models import Ward

    session.execute(update(Ward).where(Ward.code == "E05013808").values(name="West End and Soho"))
    session.commit()
    assert current() != versions[-1]
    # Residents' answers to the priorities form are not shown on any public page: no new version.
    from portal.services.wards import feedback

    before = current()
    feedback.save_feedback(ward, ["drugs"], "")
    assert current() == before


@pytest.fixture
def renders(app):
    """The names of the templates rendered while the test runs (Flask's own signal)."""
    from flask import template_rendered

    names: list[str] = []

    def record(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def a_new_process(app) -> None:
    """Forget everything this process keeps, as a process just started has nothing: only the database remains."""
    from portal.services import public_content, rendered_pages

    app.wsgi_app.entries.clear()
    rendered_pages.forget()
    public_content.forget_here()
    clear_cache()


def test_the_a_to_z_is_rendered_once_per_change_whichever_process_asks(app, client, west_end, caches_on, renders):
    first = client.get("/wards")
    assert renders.count("wards/find.html") == 1
    a_new_process(app)
    again = client.get("/wards")
    assert again.get_data() == first.get_data()
    assert renders.count("wards/find.html") == 1  # the rendering stored by the first process
    with app.app_context():
        westminster = session.scalar(select(Borough).where(Borough.code == "E09000033"))
        make_ward("St James's", "E05013809", westminster)
    changed = client.get("/wards")
    assert "St James" in changed.get_data(as_text=True)
    assert renders.count("wards/find.html") == 2
    a_new_process(app)
    client.get("/wards")
    assert renders.count("wards/find.html") == 2


def test_a_ward_page_is_rendered_once_and_each_response_gets_the_front_counters_as_they_are(
    app, client, west_end, caches_on, renders
):
    first = client.get("/wards/E05013808")
    a_new_process(app)
    again = client.get("/wards/E05013808")
    assert renders.count("wards/ward.html") == 1
    # Made into a response again (the counters' "open now" is worked out for it), from the stored rendering.
    assert renders.count("wards/_front_counters.html") == 2
    assert again.get_data() == first.get_data()
    assert "Police station front counters near West End" in again.get_data(as_text=True)


def test_a_rendering_stored_by_another_release_or_with_other_settings_is_not_used(app, client, west_end, caches_on):
    assert "Digital police station" in client.get("/").get_data(as_text=True)
    a_new_process(app)
    app.config["SERVICE_NAME"] = "Online police station"  # a new setting, as a redeployment brings
    try:
        assert "Online police station" in client.get("/").get_data(as_text=True)
    finally:
        app.config["SERVICE_NAME"] = "Digital police station"
        a_new_process(app)
