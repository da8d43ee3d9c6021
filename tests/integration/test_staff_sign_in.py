"""Security checks 1, 3 and 4: sign-in with a password and a single-use TOTP code; throttling; identical failures."""

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal.core import clock
from portal.core.clock import aware
from portal.db import session
from portal.models import AuditEvent, SignInBackoff, StaffSession
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


def post_from(client, email, password, address="203.0.113.7"):
    form = page(client, "/staff/sign-in", environ_base={"REMOTE_ADDR": address})
    data = {"csrf_token": form.csrf_token(), "email": email, "password": password}
    return client.post("/staff/sign-in", data=data, environ_base={"REMOTE_ADDR": address})


def back_off(client, app, email, address="203.0.113.7"):
    for _ in range(app.config["STAFF_BACKOFF_AFTER"]):
        post_from(client, email, "the wrong password entirely", address)


def test_unknown_account_wrong_password_backing_off_and_disabled_look_the_same(client, app):
    staff = make_staff("officer")
    waiting = make_staff("officer")
    back_off(client, app, waiting.email, "127.0.0.1")
    disabled = make_staff("officer", active=False)

    attempts = [
        ("nobody@example.org", PASSWORD),
        (staff.email, "the wrong password entirely"),
        (waiting.email, PASSWORD),  # the right password, from a client that must wait
        (disabled.email, PASSWORD),
    ]
    responses = [post_password(client, email, password) for email, password in attempts]
    assert {r.status_code for r in responses} == {200}
    bodies = {normalised(r, email) for r, (email, _) in zip(responses, attempts, strict=True)}
    assert len(bodies) == 1
    assert "Enter a correct email address and password" in bodies.pop()
    assert all(COOKIE not in r.headers.get("Set-Cookie", "") for r in responses)


def test_an_unknown_address_is_counted_and_backed_off_exactly_like_a_real_account(client, app, monkeypatch):
    real = make_staff("officer")
    verified = []
    monkeypatch.setattr(auth.passwords, "verify", lambda *a: verified.append("real") or False)
    monkeypatch.setattr(auth.passwords, "verify_dummy", lambda *a: verified.append("dummy"))
    for email in (real.email, "nobody@example.org"):
        back_off(client, app, email)
    # One argon2 verification per attempt for both, then none at all while waiting.
    assert verified == ["real"] * 5 + ["dummy"] * 5
    post_from(client, real.email, PASSWORD)
    post_from(client, "nobody@example.org", PASSWORD)
    assert len(verified) == 10
    waits = session.scalars(select(SignInBackoff.blocked_until)).all()
    assert len(waits) == 2 and all(waits)


def test_failures_back_off_only_the_client_making_them_and_waiting_is_not_counted(client, app):
    staff = make_staff("officer")
    back_off(client, app, staff.email, "198.51.100.9")  # someone guessing, from elsewhere
    assert post_from(client, staff.email, PASSWORD, "198.51.100.9").status_code == 200  # not even checked
    [row] = session.scalars(select(SignInBackoff)).all()
    assert row.failures == app.config["STAFF_BACKOFF_AFTER"]  # attempts while waiting are not counted
    # The officer at their own station signs in as usual, however long the guessing goes on.
    assert post_from(client, staff.email, PASSWORD, "203.0.113.7").status_code == 302
    # The same /64 is the same client; another /64 is not.
    back_off(client, app, staff.email, "2001:db8:1:2::1")
    assert post_from(client, staff.email, PASSWORD, "2001:db8:1:2:ffff::9").status_code == 200
    assert post_from(client, staff.email, PASSWORD, "2001:db8:1:3::1").status_code == 302


def test_the_wait_doubles_with_each_further_failure_and_ends(client, app, monkeypatch):
    staff = make_staff("officer")
    start = clock.now()
    back_off(client, app, staff.email)
    first = session.scalars(select(SignInBackoff)).one()
    base = app.config["STAFF_BACKOFF_BASE_SECONDS"]
    assert aware(first.blocked_until) - aware(first.last_failure_at) == timedelta(seconds=base)
    assert aware(first.last_failure_at) >= start
    after_first = aware(first.blocked_until) + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: after_first)
    post_from(client, staff.email, "the wrong password entirely")  # one more failure once the wait is over
    session.expire_all()
    second = session.scalars(select(SignInBackoff)).one()
    assert aware(second.blocked_until) - clock.now() == timedelta(seconds=2 * base)
    monkeypatch.setattr(clock, "now", lambda: after_first + timedelta(seconds=2 * base + 1))
    assert post_from(client, staff.email, PASSWORD).status_code == 302
    assert session.scalars(select(SignInBackoff)).all() == []  # signing in starts afresh
    events = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "sign_in.backing_off")).all()
    assert len(events) == 2


def test_an_administrator_sees_and_clears_an_accounts_back_off(client, app):
    staff = make_staff("officer", name="Olu Ade")
    back_off(client, app, staff.email, "198.51.100.9")
    login_as(client, make_staff("admin"))
    shown = page(client, f"/staff/accounts/{staff.id}/sign-in-back-off", title="Failed sign-ins: Olu Ade")
    assert "198.51.100.9" in shown.text and "Not waiting" not in shown.text
    cleared = press(
        client, f"/staff/accounts/{staff.id}/sign-in-back-off", f"/staff/accounts/{staff.id}/sign-in-back-off/clear"
    )
    assert "No failed sign-ins are counted against this account" in cleared.text
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "account.backoff_cleared")).one()
    client.delete_cookie(COOKIE)  # the administrator signs out; the officer signs in from where the failures were
    response = post_from(client, staff.email, PASSWORD, "198.51.100.9")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in/code")


def test_sign_in_is_rate_limited_per_address_and_client_and_per_client(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_SIGN_IN_RATE_LIMIT", "2 per minute")
    monkeypatch.setitem(app.config, "STAFF_SIGN_IN_CLIENT_RATE_LIMIT", "6 per minute")
    statuses = [post_from(client, "one@example.org", "x" * 12).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Another client is not held back by this one; a forged X-Forwarded-For does not make another client.
    assert post_from(client, "one@example.org", "x" * 12, "198.51.100.1").status_code == 200
    statuses = []
    for n in range(4):
        form = page(client, "/staff/sign-in", environ_base={"REMOTE_ADDR": "203.0.113.7"})
        statuses.append(
            client.post(
                "/staff/sign-in",
                data={"csrf_token": form.csrf_token(), "email": f"person{n}@example.org", "password": "x" * 12},
                headers={"X-Forwarded-For": f"192.0.2.{n}"},
                environ_base={"REMOTE_ADDR": "203.0.113.7"},
            ).status_code
        )
    assert statuses == [200, 200, 200, 429]  # the client's own limit, across addresses


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


def test_an_account_whose_app_is_not_set_up_is_refused_even_with_the_right_password(client):
    # Whoever knew the password would otherwise set up their own authenticator app first (check 38): the app is set
    # up only through the enrolment link, and until then the password step answers as for a wrong password.
    staff = make_staff("officer", totp_confirmed=False)
    wrong = post_password(client, staff.email, "the wrong password entirely")
    right = post_password(client, staff.email, PASSWORD)
    assert right.status_code == wrong.status_code == 200
    assert normalised(right, staff.email) == normalised(wrong, staff.email)
    assert totp.secret_of(staff) not in right.get_data(as_text=True)
    assert COOKIE not in right.headers.get("Set-Cookie", "")
    assert client.get("/staff/sign-in/code").headers["Location"].endswith("/staff/sign-in")
    session.refresh(staff)
    assert staff.totp_confirmed_at is None


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
