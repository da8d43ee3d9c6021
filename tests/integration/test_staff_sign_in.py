"""Security checks 1, 3 and 4: sign-in with a password and a single-use TOTP code; throttling; identical failures."""

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, StaffSession
from portal.services.staff import auth, totp
from tests.factories.staff import PASSWORD, login_as, make_staff, next_code, press, sign_in
from tests.pages import page, submit

pytestmark = pytest.mark.usefixtures("app_context")

COOKIE = "dps_staff"


def post_password(client, email, password):
    form = page(client, "/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": form.csrf_token(), "email": email, "password": password})


def normalised(response, email):
    """The page with its per-request values (CSRF token, CSP nonce, correlation id, the email typed) blanked out."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', 'name="csrf_token"', html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r"[0-9a-f]{12}", "", html)


def test_signing_in_needs_the_password_and_then_a_code(client):
    staff = make_staff("officer", name="Sam Patel")
    p = submit(client, "/staff/sign-in", {"email": staff.email.upper(), "password": PASSWORD})
    assert p.title.startswith("Enter your security code")
    # Password alone reaches nothing else.
    assert client.get("/staff/").status_code == 302
    p = submit(client, "/staff/sign-in/code", {"code": next_code(staff)}, title="Staff home")
    assert "Sam Patel" in p.text
    assert "Officer" in p.text


def test_unknown_account_wrong_password_and_locked_account_look_the_same(client, app):
    staff = make_staff("officer")
    locked = make_staff("officer")
    locked.locked_until = clock.now() + timedelta(minutes=10)
    disabled = make_staff("officer", active=False)
    session.commit()

    attempts = [
        ("nobody@example.org", PASSWORD),
        (staff.email, "the wrong password entirely"),
        (locked.email, PASSWORD),  # the right password, but locked
        (disabled.email, PASSWORD),
    ]
    responses = [post_password(client, email, password) for email, password in attempts]
    assert {r.status_code for r in responses} == {200}
    bodies = {normalised(r, email) for r, (email, _) in zip(responses, attempts, strict=True)}
    assert len(bodies) == 1
    assert "Enter a correct email address and password" in bodies.pop()
    assert all(COOKIE not in r.headers.get("Set-Cookie", "") for r in responses)


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, app):
    staff = make_staff("officer")
    for _ in range(app.config["STAFF_LOCKOUT_THRESHOLD"]):
        post_password(client, staff.email, "the wrong password entirely")
    session.refresh(staff)
    assert staff.locked_until is not None
    response = post_password(client, staff.email, PASSWORD)
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert response.status_code == 200

    # After the lock-out period the right password works again.
    later = clock.now() + timedelta(seconds=app.config["STAFF_LOCKOUT_SECONDS"] + 1)
    import portal.core.clock as clock_module

    original = clock_module.now
    clock_module.now = lambda: later
    try:
        assert post_password(client, staff.email, PASSWORD).status_code == 302
    finally:
        clock_module.now = original


def test_one_client_is_throttled_across_accounts_and_a_forged_forwarded_for_does_not_help(client, app):
    app.config["STAFF_SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = []
        for n in range(4):
            form = page(client, "/staff/sign-in")
            statuses.append(
                client.post(
                    "/staff/sign-in",
                    data={"csrf_token": form.csrf_token(), "email": f"person{n}@example.org", "password": "x" * 12},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"},
                ).status_code
            )
        assert statuses == [200, 200, 200, 429]
    finally:
        app.config["STAFF_SIGN_IN_RATE_LIMIT"] = "20 per 10 minutes"


def test_old_hashes_are_upgraded_at_sign_in(client):
    staff = make_staff("officer")
    staff.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    session.commit()
    assert post_password(client, staff.email, PASSWORD).status_code == 302
    session.refresh(staff)
    assert "m=65536,t=3" in staff.password_hash


def test_a_code_works_once(client, app):
    staff = make_staff("officer")
    code = next_code(staff)
    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    submit(client, "/staff/sign-in/code", {"code": code}, title="Staff home")

    assert press(client, "/staff/", "/staff/sign-out").title.startswith("You have signed out")

    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    p = submit(client, "/staff/sign-in/code", {"code": code}, title="Error: Enter your security code")
    assert "not correct or has already been used" in p.text
    assert client.get("/staff/").status_code == 302


def test_a_code_works_only_within_its_window(app):
    staff = make_staff("officer")
    now = clock.now()
    assert auth.matching_step(totp.secret_of(staff), auth.current_code(staff, now), now) is not None
    assert auth.matching_step(totp.secret_of(staff), auth.current_code(staff, now - timedelta(seconds=30)), now)
    assert auth.matching_step(totp.secret_of(staff), auth.current_code(staff, now - timedelta(seconds=90)), now) is None
    assert auth.matching_step(totp.secret_of(staff), auth.current_code(staff, now + timedelta(seconds=90)), now) is None
    assert auth.matching_step(totp.secret_of(staff), "12345", now) is None
    assert auth.matching_step(totp.secret_of(staff), "abcdef", now) is None


def test_too_many_wrong_codes_send_the_person_back_to_the_password(client, app):
    staff = make_staff("officer")
    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    wrong = "000000" if next_code(staff) != "000000" else "111111"
    for _ in range(app.config["STAFF_MAX_WRONG_CODES"] - 1):
        submit(client, "/staff/sign-in/code", {"code": wrong}, title="Error: Enter your security code")
    p = submit(client, "/staff/sign-in/code", {"code": wrong}, title="Sign in")
    assert "too many incorrect security codes" in p.text
    assert client.get("/staff/sign-in/code").status_code == 302


def test_the_code_step_expires(client, app, monkeypatch):
    staff = make_staff("officer")
    submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    later = clock.now() + timedelta(seconds=app.config["STAFF_CODE_STEP_TIMEOUT_SECONDS"] + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = client.get("/staff/sign-in/code")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/sign-in")


def test_a_new_account_sets_up_its_authenticator_at_first_sign_in(client):
    staff = make_staff("officer", totp_confirmed=False)
    p = submit(client, "/staff/sign-in", {"email": staff.email, "password": PASSWORD})
    assert totp.secret_of(staff) in p.text
    assert "otpauth://totp/" in p.text
    submit(client, "/staff/sign-in/code", {"code": next_code(staff)}, title="Staff home")
    session.refresh(staff)
    assert staff.totp_confirmed_at is not None


def test_sign_in_and_failures_are_audited(client):
    staff = make_staff("officer")
    post_password(client, staff.email, "the wrong password entirely")
    post_password(client, "nobody@example.org", "the wrong password entirely")
    sign_in(client, staff)
    actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[:2] == ["sign_in.failed", "sign_in.failed"]
    assert "sign_in" in actions
    failed = session.scalars(select(AuditEvent).where(AuditEvent.target_id == str(staff.id))).first()
    assert failed.detail == "wrong password" and failed.actor_id is None and failed.client_address == "127.0.0.1"


def test_signed_in_staff_are_sent_on_from_the_sign_in_page(client):
    staff = make_staff("officer")
    login_as(client, staff)
    assert client.get("/staff/sign-in").headers["Location"].endswith("/staff/")
    assert session.scalar(select(StaffSession).where(StaffSession.staff_id == staff.id)) is not None


def test_the_password_field_allows_paste_and_password_managers(client):
    field = page(client, "/staff/sign-in").select_one("input[name=password]")
    assert field["type"] == "password"
    assert field["autocomplete"] == "current-password"
    assert not any(attr.startswith("on") for attr in field.attrs)  # nothing blocks paste
    assert "maxlength" not in field.attrs
