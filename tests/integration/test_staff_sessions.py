"""Security checks 5, 6 and 7: session rotation, server-side invalidation, idle and absolute timeouts, cookie flags."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import StaffSession
from portal.services.staff import accounts
from tests.factories.staff import PASSWORD, login_as, make_staff, next_code, press
from tests.pages import page, submit

pytestmark = pytest.mark.usefixtures("app_context")

COOKIE = "dps_staff"


def cookie_value(client):
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


@pytest.fixture
def frozen(monkeypatch):
    """Move the staff services' clock: frozen.move(minutes=31)."""

    class Clock:
        at = clock.now()

        def move(self, **delta):
            self.at += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.at)
    return fake


def test_the_session_id_changes_at_each_step_of_signing_in(client):
    staff = make_staff("officer")
    client.set_cookie(COOKIE, "planted-by-an-attacker")  # session fixation attempt
    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    pending = cookie_value(client)
    assert pending and pending != "planted-by-an-attacker"
    submit(client, "/staff/sign-in/code", {"code": next_code(staff)}, title="Staff home")
    signed_in = cookie_value(client)
    assert signed_in not in (pending, "planted-by-an-attacker")

    # The pending token no longer reaches anything.
    client.set_cookie(COOKIE, pending)
    assert client.get("/staff/").status_code == 302


def test_tokens_are_stored_only_as_digests(client):
    staff = make_staff("officer")
    token = login_as(client, staff)
    row = session.scalars(select(StaffSession).where(StaffSession.staff_id == staff.id)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_a_cookie_copied_before_sign_out_stops_working(client, app):
    staff = make_staff("officer")
    token = login_as(client, staff)
    thief = app.test_client()
    thief.set_cookie(COOKIE, token)
    session.commit()  # SQLite: let the other browser's request write
    with app.app_context():  # a request context of its own, as another browser would have
        assert thief.get("/staff/").status_code == 200

    p = press(client, "/staff/", "/staff/sign-out")
    assert p.title.startswith("You have signed out")
    assert cookie_value(client) is None
    session.commit()
    with app.app_context():
        response = thief.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    row = session.scalars(select(StaffSession).where(StaffSession.staff_id == staff.id)).one()
    session.refresh(row)
    assert row.ended_reason == "signed_out"


def test_disabling_an_account_ends_its_live_sessions(client, app):
    staff = make_staff("officer")
    login_as(client, staff)
    second_device = app.test_client()
    login_as(second_device, staff)
    assert client.get("/staff/").status_code == 200

    assert accounts.disable(staff) == 2
    assert client.get("/staff/").status_code == 302
    assert second_device.get("/staff/").status_code == 302


def test_a_disabled_account_is_refused_even_with_a_session_that_was_missed(client):
    # Belt and braces: a session row left live still does not let a disabled account in.
    staff = make_staff("officer")
    login_as(client, staff)
    staff.active = False
    session.commit()
    assert client.get("/staff/").status_code == 302


def test_idle_timeout(client, app, frozen):
    staff = make_staff("officer")
    login_as(client, staff)
    idle = app.config["STAFF_IDLE_TIMEOUT_SECONDS"]
    assert idle == 30 * 60
    frozen.move(seconds=idle - 60)
    assert client.get("/staff/").status_code == 200  # activity restarts the idle timer
    frozen.move(seconds=idle - 60)
    assert client.get("/staff/").status_code == 200
    frozen.move(seconds=idle)
    response = client.get("/staff/")
    assert response.status_code == 302
    p = page(client, "/staff/sign-in")
    assert "had not done anything for a while" in p.text


def test_absolute_timeout_even_when_active(client, app, frozen):
    staff = make_staff("officer")
    login_as(client, staff)
    absolute = app.config["STAFF_ABSOLUTE_TIMEOUT_SECONDS"]
    assert absolute == 12 * 3600
    for _ in range(absolute // (20 * 60) - 1):
        frozen.move(minutes=20)
        assert client.get("/staff/").status_code == 200
    frozen.move(minutes=20)
    assert client.get("/staff/").status_code == 302
    assert "maximum length" in page(client, "/staff/sign-in").text


def test_timeouts_are_configurable(client, app, frozen):
    app.config["STAFF_IDLE_TIMEOUT_SECONDS"] = 60
    try:
        staff = make_staff("officer")
        login_as(client, staff)
        frozen.move(seconds=61)
        assert client.get("/staff/").status_code == 302
    finally:
        app.config["STAFF_IDLE_TIMEOUT_SECONDS"] = 30 * 60


def test_every_page_warns_when_the_session_will_end_and_offers_to_stay_signed_in(client, frozen):
    staff = make_staff("officer")
    login_as(client, staff)
    p = page(client, "/staff/")
    notice = p.select_one("[data-dps-session-timeout]")
    assert "we will sign you out at" in notice.get_text(" ")
    assert notice.select_one("form")["action"] == "/staff/stay-signed-in"

    frozen.move(minutes=25)
    p = press(client, "/staff/", "/staff/stay-signed-in", {"next": "/staff/"})
    assert p.title.startswith("Staff home")
    frozen.move(minutes=25)  # 50 minutes since sign-in, 25 since "stay signed in"
    assert client.get("/staff/").status_code == 200


def test_stay_signed_in_answers_scripts_with_json_and_never_redirects_off_site(client, frozen):
    staff = make_staff("officer")
    login_as(client, staff)
    token = page(client, "/staff/").csrf_token()
    response = client.post("/staff/stay-signed-in", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["ends_at"] == (frozen.at + timedelta(minutes=30)).isoformat()
    response = client.post("/staff/stay-signed-in", data={"csrf_token": token, "next": "//evil.example/"})
    assert response.headers["Location"] == "/staff/"


def test_near_the_absolute_limit_the_notice_says_staying_active_will_not_help(client, frozen):
    staff = make_staff("officer")
    login_as(client, staff)
    for _ in range(24):  # active every 29 minutes, up to 11h36m in
        frozen.move(minutes=29)
        assert client.get("/staff/").status_code == 200
    # From now the absolute limit (12h) comes before the idle one (30 minutes after this request).
    notice = page(client, "/staff/").select_one("[data-dps-session-timeout]")
    assert "longest a session can last" in notice.get_text(" ")
    assert notice.select("form") == []


def test_the_staff_cookie_is_httponly_samesite_lax_and_session_only(client):
    staff = make_staff("officer")
    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    token = page(client, "/staff/sign-in/code").csrf_token()
    response = client.post("/staff/sign-in/code", data={"csrf_token": token, "code": next_code(staff)})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie


def test_the_staff_cookie_is_secure_outside_development_and_tests(tmp_path, monkeypatch):
    from portal import create_app, migrate
    from portal.config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("MAIL_URL", "smtp://127.0.0.1:9")
    monkeypatch.setenv("TOTP_ENCRYPTION_KEYS", "prod:" + "A" * 43 + "=")
    config = ProductionConfig()
    config.DATABASE_URL = f"sqlite:///{tmp_path / 'prod.db'}"
    prod = create_app(config)
    migrate.upgrade(config.DATABASE_URL)
    with prod.app_context():
        staff = make_staff("officer")
        client = prod.test_client()
        submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
        cookie = next(h for h in _last_set_cookies(client, staff) if h.startswith("__Host-dps_staff="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
        assert "Domain" not in cookie
        from portal.db import db

        session.close()
        db.engine.dispose()


def _last_set_cookies(client, staff):
    token = page(client, "/staff/sign-in").csrf_token()
    response = client.post("/staff/sign-in", data={"csrf_token": token, "email": staff.email, "password": PASSWORD})
    return response.headers.getlist("Set-Cookie")


def test_every_staff_page_is_no_store(client):
    staff = make_staff("admin")
    login_as(client, staff)
    for url in ("/staff/", "/staff/accounts", "/staff/audit-log", "/staff/sign-in"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_stay_signed_in_returns_to_the_page_it_was_pressed_on_even_after_a_form_error(client):
    login_as(client, make_staff("admin"))
    p = submit(client, "/staff/accounts/new", {"name": ""}, title="Error: Create a staff account")
    assert p.select_one("[data-dps-stay-signed-in] input[name=next]")["value"] == "/staff/accounts/new"
