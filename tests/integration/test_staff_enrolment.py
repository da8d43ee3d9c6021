"""Security check 38: a member of staff chooses their own password and sets up their own authenticator app through a
single-use link emailed to them (24 hours, stored as a digest, one live at a time); an account not set up cannot
sign in with any password; administrators never know a working password; every step is audited.

The administrator works in the test's own browser (`admin_client`); everyone else in a browser of their own
(`browser(app)`), as they would."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock, tokens
from portal.db import session
from portal.models import AuditEvent, OutboxMessage, StaffEnrolmentLink, StaffSession
from portal.services.staff import accounts, passwords, totp
from tests.factories.staff import PASSWORD, login_as, make_staff, next_code, press, sign_in
from tests.factories.wards import make_ward
from tests.pages import page, submit
from tests.support.enrolment import (
    CHOSEN,
    browser,
    choose_password,
    code_for_key,
    enrol,
    latest_link,
    links_sent,
    reload,
    setup_key,
)
from tests.support.tracking import deliver

pytestmark = pytest.mark.usefixtures("app_context")

NEWCOMER = "nia.newcomer@example.org"
AUTHENTICATOR = "Set up your authenticator app"
NOT_WORKING = "This link does not work"
STOPPED = "Setting up your account has stopped"


@pytest.fixture
def admin_client(client):
    admin = make_staff("admin", name="Ada Admin")
    login_as(client, admin)
    client.admin = admin
    return client


def create_officer(admin_client, email=NEWCOMER, name="Nia Newcomer"):
    ward = make_ward()
    submit(
        admin_client,
        "/staff/accounts/new",
        {"name": name, "email": email, "role": "officer", "ward_codes": ward.code, "borough_codes": ""},
        title=name,
    )
    return accounts.by_email(email)


def actions_for(staff) -> list[str]:
    query = select(AuditEvent.action).where(
        AuditEvent.target_type == "staff_user", AuditEvent.target_id == str(staff.id)
    )
    return list(session.scalars(query.order_by(AuditEvent.id)))


def live_links() -> list[StaffEnrolmentLink]:
    return list(
        session.scalars(
            select(StaffEnrolmentLink).where(
                StaffEnrolmentLink.revoked_at.is_(None), StaffEnrolmentLink.used_at.is_(None)
            )
        )
    )


def test_the_link_is_issued_as_its_email_leaves_and_leads_to_a_password_an_app_and_signing_in(admin_client, app):
    staff = create_officer(admin_client)
    queued = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff-enrolment")).one()
    assert queued.to_address == NEWCOMER and (queued.link_kind, queued.link_for_id) == ("staff-enrolment", staff.id)
    assert "/staff/enrol/" not in queued.body_text  # no token while it waits in the outbox
    assert session.scalars(select(StaffEnrolmentLink)).all() == []

    token = latest_link(NEWCOMER)  # the outbox sends it: the link is issued now
    row = session.scalars(select(StaffEnrolmentLink)).one()
    assert row.staff_id == staff.id and row.token_hash == tokens.digest(token) and token not in row.token_hash
    assert clock.aware(row.expires_at) - clock.aware(row.created_at) == timedelta(hours=24)

    with browser(app) as member:
        opened = page(member, f"/staff/enrol/{token}", title="Set up your staff account")
        assert len(opened.select("input[type=password]")) == 2 and reload(staff).totp_confirmed_at is None
        authenticator = choose_password(member, token, title=AUTHENTICATOR)
        key = setup_key(authenticator)
        assert key == totp.secret_of(reload(staff)) and "otpauth://totp/" in authenticator.text
        home = submit(member, "/staff/set-up-authenticator", {"code": code_for_key(key)}, title="Staff home")
        assert "Nia Newcomer" in home.h1 and "Your account is set up" in home.text
        staff = reload(staff)
        assert passwords.verify(staff.password_hash, CHOSEN) and staff.totp_confirmed_at is not None
        # From now on, the password they chose and their app's codes sign them in.
        press(member, "/staff/", "/staff/sign-out")
        sign_in(member, staff, password=CHOSEN)


def test_enrolment_and_its_link_are_audited(admin_client, app, monkeypatch):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    with browser(app) as member:
        enrol(member, token)
    later = clock.now() + timedelta(hours=25)
    monkeypatch.setattr(clock, "now", lambda: later)
    with browser(app) as member:
        page(member, f"/staff/enrol/{token}", status=404)
    assert actions_for(staff) == [
        "account.created",
        "enrolment.link_requested",
        "enrolment.link_issued",
        "enrolment.link_used",
        "enrolment.password_set",
        "enrolment.authenticator_enrolled",
        "sign_in",
        "enrolment.link_refused",
    ]
    events = {e.action: e for e in session.scalars(select(AuditEvent).where(AuditEvent.target_id == str(staff.id)))}
    assert events["enrolment.link_requested"].actor_id == admin_client.admin.id  # at whose request
    assert events["enrolment.link_requested"].detail.startswith("account created")
    assert events["enrolment.link_issued"].detail.startswith("emailed")
    for action in ("enrolment.link_used", "enrolment.password_set", "enrolment.authenticator_enrolled"):
        assert events[action].actor_id == staff.id, action
    assert events["enrolment.link_refused"].detail == "used"


def test_a_link_works_once(admin_client, app):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    with browser(app) as first:
        choose_password(first, token, title=AUTHENTICATOR)

    with browser(app) as someone_else:
        refused = page(someone_else, f"/staff/enrol/{token}", status=404, title=NOT_WORKING)
        assert not refused.select("input[type=password]")
        again = "another passphrase entirely"
        data = {"csrf_token": page(someone_else, "/staff/sign-in").csrf_token(), "password": again, "confirm": again}
        response = someone_else.post(f"/staff/enrol/{token}", data=data)
        assert response.status_code == 404 and NOT_WORKING in response.get_data(as_text=True)
        page(someone_else, "/staff/set-up-authenticator", title=STOPPED)
    # Whatever the second visitor tried, the first visitor's password stands.
    assert passwords.verify(reload(staff).password_hash, CHOSEN)
    assert actions_for(staff).count("enrolment.link_refused") == 2


def test_a_link_expires_24_hours_after_its_email_leaves(admin_client, app, monkeypatch):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    sent_at = clock.now()
    monkeypatch.setattr(clock, "now", lambda: sent_at + timedelta(hours=23, minutes=59))
    with browser(app) as member:
        csrf = page(member, f"/staff/enrol/{token}", title="Set up your staff account").csrf_token()
    monkeypatch.setattr(clock, "now", lambda: sent_at + timedelta(hours=24, seconds=1))
    with browser(app, member):
        page(member, f"/staff/enrol/{token}", status=404, title=NOT_WORKING)
        data = {"csrf_token": csrf, "password": CHOSEN, "confirm": CHOSEN}
        assert member.post(f"/staff/enrol/{token}", data=data).status_code == 404
    assert not passwords.usable(reload(staff).password_hash)
    refused = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "enrolment.link_refused")).all()
    assert refused == ["expired", "expired"]


def test_a_new_link_revokes_the_old_one(admin_client, app):
    staff = create_officer(admin_client)
    old = latest_link(NEWCOMER)
    p = press(admin_client, f"/staff/accounts/{staff.id}", f"/staff/accounts/{staff.id}/enrolment-link")
    assert "a new link" in p.text and "Any earlier link no longer works" in p.text
    new = latest_link(NEWCOMER)
    assert new != old and len(links_sent(NEWCOMER)) == 2
    assert [row.token_hash for row in live_links()] == [tokens.digest(new)]
    with browser(app) as member:
        page(member, f"/staff/enrol/{old}", status=404, title=NOT_WORKING)
        enrol(member, new)
    assert reload(staff).totp_confirmed_at is not None and live_links() == []


def test_of_two_emails_sent_one_after_the_other_only_the_later_link_works(admin_client, app):
    staff = create_officer(admin_client)
    press(admin_client, f"/staff/accounts/{staff.id}", f"/staff/accounts/{staff.id}/enrolment-link")
    earlier, later = links_sent(NEWCOMER)  # both were waiting; each link is issued as its email leaves
    assert [row.token_hash for row in live_links()] == [tokens.digest(later)]
    with browser(app) as member:
        page(member, f"/staff/enrol/{earlier}", status=404, title=NOT_WORKING)
        enrol(member, later)


def test_a_new_link_also_undoes_a_password_chosen_through_the_old_one(admin_client, app):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    with browser(app) as member:
        choose_password(member, token, title=AUTHENTICATOR)  # and never finished
    assert passwords.usable(reload(staff).password_hash)
    press(admin_client, f"/staff/accounts/{staff.id}", f"/staff/accounts/{staff.id}/enrolment-link")
    assert not passwords.usable(reload(staff).password_hash)
    with browser(app, member):
        page(member, "/staff/set-up-authenticator", title=STOPPED)  # that half-finished set-up has ended


def test_an_email_leaving_after_the_account_is_set_up_carries_no_live_link(admin_client, app):
    staff = create_officer(admin_client)
    press(admin_client, f"/staff/accounts/{staff.id}", f"/staff/accounts/{staff.id}/enrolment-link")
    first, second = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff-enrolment")).all()
    second.next_attempt_at = clock.now() + timedelta(hours=1)  # held up on its way
    session.commit()
    token = latest_link(NEWCOMER)
    with browser(app) as member:
        enrol(member, token)
    second = session.get(OutboxMessage, second.id, populate_existing=True)
    second.next_attempt_at = clock.now()
    session.commit()
    deliver()
    assert session.get(OutboxMessage, second.id, populate_existing=True).status == "sent"
    assert len(links_sent(NEWCOMER)) == 1  # the late email points at the sign-in page instead
    assert live_links() == []


def normalised(response) -> str:
    html = re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))
    return re.sub(r"[0-9a-f]{12}", "", html)


def test_unknown_used_expired_replaced_and_disabled_links_all_get_the_same_page(admin_client, app):
    create_officer(admin_client, "used@example.org", "Uma Used")
    used = latest_link("used@example.org")
    with browser(app) as member:
        choose_password(member, used, title=AUTHENTICATOR)
    replaced_account = create_officer(admin_client, "replaced@example.org", "Rae Replaced")
    replaced = latest_link("replaced@example.org")
    press(
        admin_client, f"/staff/accounts/{replaced_account.id}", f"/staff/accounts/{replaced_account.id}/enrolment-link"
    )
    disabled_account = create_officer(admin_client, "disabled@example.org", "Dee Disabled")
    disabled = latest_link("disabled@example.org")
    press(admin_client, f"/staff/accounts/{disabled_account.id}", f"/staff/accounts/{disabled_account.id}/disable")
    expired_account = create_officer(admin_client, "expired@example.org", "Eve Expired")
    expired = latest_link("expired@example.org")
    # This link's 24 hours are over; the clock stays put, so the others are in date.
    row = session.scalars(select(StaffEnrolmentLink).where(StaffEnrolmentLink.staff_id == expired_account.id)).one()
    row.expires_at = clock.now()
    session.commit()

    with browser(app) as visitor:
        responses = [
            visitor.get(f"/staff/enrol/{token}")
            for token in ("not-a-real-token", "x" * 500, used, replaced, disabled, expired)
        ]
    assert {r.status_code for r in responses} == {404}
    assert len({normalised(r) for r in responses}) == 1
    details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "enrolment.link_refused")).all()
    assert sorted(details) == ["account disabled", "expired", "revoked", "used"]


def test_an_account_not_set_up_cannot_sign_in_with_any_password(admin_client, app, monkeypatch):
    staff = create_officer(admin_client)
    with browser(app) as visitor:
        for password in ("x", CHOSEN, PASSWORD, passwords.NO_PASSWORD):
            p = submit(visitor, "/staff/sign-in", {"email": NEWCOMER, "password": password}, title="Error: Sign in")
            assert "Enter a correct email address and password" in p.text

    # Not even with the password they chose, until their app is set up.
    token = latest_link(NEWCOMER)
    with browser(app) as member:
        choose_password(member, token, title=AUTHENTICATOR)
    with browser(app) as visitor:
        p = submit(visitor, "/staff/sign-in", {"email": NEWCOMER, "password": CHOSEN}, title="Error: Sign in")
        assert "Enter a correct email address and password" in p.text
        assert visitor.get("/staff/sign-in/code").headers["Location"].endswith("/staff/sign-in")
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.failed")).all()
    assert failed[-1].detail == "not set up" and reload(staff).last_sign_in_at is None

    # An account without a password spends as long on a check as one with a password.
    spent = []
    monkeypatch.setattr(passwords, "verify_dummy", lambda *a: spent.append("dummy"))
    assert not passwords.verify(passwords.NO_PASSWORD, passwords.NO_PASSWORD) and spent == ["dummy"]


def test_a_password_that_breaks_the_rules_leaves_the_link_unused(admin_client, app):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    attempts = [
        ("short", "short", "12 characters or more"),
        ("password1234", "password1234", "common or breached"),
        (CHOSEN, CHOSEN + " typo", "The passwords do not match"),
        ("", "", "Enter a password"),
    ]
    with browser(app) as member:
        for password, confirm, message in attempts:
            data = {"password": password, "confirm": confirm}
            p = submit(member, f"/staff/enrol/{token}", data, title="Error: Set up your staff account")
            assert any(message in m for m in p.error_messages()), p.error_messages()
            assert not passwords.usable(reload(staff).password_hash)
        enrol(member, token)
    assert reload(staff).totp_confirmed_at is not None


def test_the_authenticator_step_belongs_to_the_browser_that_chose_the_password_and_ends(admin_client, app, monkeypatch):
    staff = create_officer(admin_client)
    token = latest_link(NEWCOMER)
    with browser(app) as member:
        key = setup_key(choose_password(member, token, title=AUTHENTICATOR))
    with browser(app) as elsewhere:
        assert key not in page(elsewhere, "/staff/set-up-authenticator", title=STOPPED).text
    with browser(app, member):
        # Half-way through, no staff page answers, nor the sign-in code step.
        assert member.get("/staff/").status_code == 302
        assert member.get("/staff/sign-in/code").headers["Location"].endswith("/staff/sign-in")
        wrong = {"code": "000000" if code_for_key(key) != "000000" else "111111"}
        p = submit(member, "/staff/set-up-authenticator", wrong, title=f"Error: {AUTHENTICATOR}")
        assert "not correct" in p.text
        row = session.scalars(select(StaffSession).where(StaffSession.staff_id == staff.id)).one()
        assert row.purpose == "enrolment" and row.mfa_completed_at is None
        later = clock.now() + timedelta(seconds=app.config["STAFF_ENROLMENT_STEP_TIMEOUT_SECONDS"] + 1)
        monkeypatch.setattr(clock, "now", lambda: later)
        assert key not in page(member, "/staff/set-up-authenticator", title=STOPPED).text
    assert reload(staff).totp_confirmed_at is None


def test_the_enrolment_steps_are_rate_limited(admin_client, app, monkeypatch):
    create_officer(admin_client)
    token = latest_link(NEWCOMER)
    monkeypatch.setitem(app.config, "STAFF_SIGN_IN_RATE_LIMIT", "2 per minute")
    with browser(app) as member:
        data = {
            "csrf_token": page(member, f"/staff/enrol/{token}").csrf_token(),
            "password": "short",
            "confirm": "short",
        }
        statuses = [member.post(f"/staff/enrol/{token}", data=data).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]

    elsewhere = {"REMOTE_ADDR": "198.51.100.4"}
    with browser(app) as other:
        choose_password(other, token, environ_base=elsewhere, title=AUTHENTICATOR)
        data = {"csrf_token": page(other, "/staff/set-up-authenticator", environ_base=elsewhere).csrf_token()}
        data["code"] = "000000"
        statuses = [
            other.post("/staff/set-up-authenticator", data=data, environ_base=elsewhere).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]


def test_resetting_the_authenticator_emails_a_link_and_the_old_app_and_password_stop_working(admin_client, app):
    officer = make_staff("officer", name="Olu Officer", email="olu@example.org")
    old_key = totp.secret_of(officer)
    old_phone = app.test_client()
    login_as(old_phone, officer)

    p = press(admin_client, f"/staff/accounts/{officer.id}", f"/staff/accounts/{officer.id}/reset-mfa")
    assert "We are emailing them a link" in p.text and "Send a new enrolment link" in p.texts("button")
    assert "account.mfa_reset" in actions_for(officer)
    assert not passwords.verify(reload(officer).password_hash, PASSWORD)
    token = latest_link(officer.email)
    with browser(app, old_phone):
        assert old_phone.get("/staff/").status_code == 302  # whoever holds the old phone is signed out
    with browser(app) as someone:
        refused = submit(someone, "/staff/sign-in", {"email": officer.email, "password": PASSWORD})
        assert refused.title.startswith("Error: Sign in")

    with browser(app) as member:
        key = setup_key(choose_password(member, token, title=AUTHENTICATOR))
        assert key != old_key
        old = {"code": code_for_key(old_key)}
        p = submit(member, "/staff/set-up-authenticator", old, title=f"Error: {AUTHENTICATOR}")
        assert "not correct" in p.text
        submit(member, "/staff/set-up-authenticator", {"code": code_for_key(key)}, title="Staff home")
        press(member, "/staff/", "/staff/sign-out")
        submit(member, "/staff/sign-in", {"email": officer.email, "password": CHOSEN}, title="Enter your security code")
        p = submit(member, "/staff/sign-in/code", old, title="Error: Enter your security code")
        assert "not correct" in p.text
        submit(member, "/staff/sign-in/code", {"code": next_code(officer)}, title="Staff home")
