"""Administrators manage accounts in the staff view and on the command line; every change is audited."""

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent, StaffUser
from portal.services.staff import accounts, passwords, totp
from tests.factories.staff import PASSWORD, login_as, make_staff, press
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit
from tests.support.enrolment import browser, enrol, latest_link, links_sent, reload

pytestmark = pytest.mark.usefixtures("app_context")

NEW_PASSWORD = "a temporary passphrase 7"


@pytest.fixture
def admin_client(client):
    admin = make_staff("admin", name="Ada Admin")
    login_as(client, admin)
    client.admin = admin
    return client


def test_admin_lists_accounts(admin_client):
    make_staff("officer", name="Olu Officer")
    p = page(admin_client, "/staff/accounts", title="Staff accounts")
    assert "Olu Officer" in p.text and "Ada Admin" in p.text


def test_admin_creates_an_officer_who_is_emailed_a_link_to_set_up_their_own_sign_in(admin_client, app):
    ward = make_ward("Soho Fields")
    p = submit(
        admin_client,
        "/staff/accounts/new",
        {
            "name": "Nia Newcomer",
            "email": "Nia.Newcomer@Example.org",
            "role": "officer",
            "ward_codes": ward.code.lower(),
            "borough_codes": "",
        },
        title="Nia Newcomer",
    )
    assert "Soho Fields" in p.text and "Not set up yet" in p.text
    assert "We are emailing them a link" in p.text
    staff = accounts.by_email("nia.newcomer@example.org")
    assert staff.role_code == "officer" and [w.code for w in staff.wards] == [ward.code]
    assert not passwords.usable(staff.password_hash) and staff.totp_confirmed_at is None
    created = session.scalars(select(AuditEvent).where(AuditEvent.action == "account.created")).one()
    assert created.actor_id == admin_client.admin.id and created.target_id == str(staff.id)

    token = latest_link("nia.newcomer@example.org")
    assert "their enrolment link works until" in page(admin_client, f"/staff/accounts/{staff.id}").text
    with browser(app) as newcomer:
        enrol(newcomer, token)
    reload(staff)  # the administrator's requests share this test's database session
    assert "Set up" in page(admin_client, f"/staff/accounts/{staff.id}").texts(".govuk-summary-list__value")


def test_admin_pages_never_show_or_accept_a_password_for_someone_else(admin_client):
    form = page(admin_client, "/staff/accounts/new")
    assert form.select("input[type=password]") == [] and "password" not in {i.get("name") for i in form.select("input")}
    # A password posted anyway (an old form, a crafted request) is ignored: the account still has none.
    submit(
        admin_client,
        "/staff/accounts/new",
        {"name": "Pat", "email": "pat@example.org", "role": "admin", "borough_codes": "", "password": NEW_PASSWORD},
        title="Pat",
    )
    staff = accounts.by_email("pat@example.org")
    assert not passwords.usable(staff.password_hash) and not passwords.verify(staff.password_hash, NEW_PASSWORD)
    shown = page(admin_client, f"/staff/accounts/{staff.id}")
    assert shown.select("input[type=password]") == []
    assert totp.secret_of(staff) not in shown.text and "otpauth://" not in shown.text
    enrolled = make_staff("officer")
    press(admin_client, f"/staff/accounts/{enrolled.id}", f"/staff/accounts/{enrolled.id}/reset-mfa")
    shown = page(admin_client, f"/staff/accounts/{enrolled.id}")
    assert shown.select("input[type=password]") == [] and totp.secret_of(enrolled) not in shown.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "x@example.org", "role": "admin"}, "Enter the person's full name"),
        ({"name": "X", "email": "not an email", "role": "admin"}, "Enter an email address in the correct format"),
        ({"name": "X", "email": "x@example.org"}, "Select a role"),
        ({"name": "X", "email": "x@example.org", "role": "officer"}, "Enter at least one ward code"),
        (
            {"name": "X", "email": "x@example.org", "role": "officer", "ward_codes": "E05999999"},
            "no ward with the code",
        ),
        ({"name": "X", "email": "x@example.org", "role": "supervisor"}, "Select a borough for a supervisor"),
        ({"name": "X", "email": "x@example.org", "role": "admin", "borough_codes": "E09999999"}, "Not a valid choice"),
    ],
)
def test_bad_input_gets_an_error_summary_not_a_500(admin_client, data, message):
    payload = {"ward_codes": "", "borough_codes": "", **data}
    p = submit(admin_client, "/staff/accounts/new", payload, title="Error: Create a staff account")
    assert any(message in m for m in p.error_messages()), p.error_messages()
    assert session.scalars(select(StaffUser).where(StaffUser.email == "x@example.org")).first() is None


def test_a_duplicate_email_is_refused(admin_client):
    make_staff("officer", email="taken@example.org")
    p = submit(
        admin_client,
        "/staff/accounts/new",
        {"name": "X", "email": "TAKEN@example.org", "role": "admin", "borough_codes": ""},
        title="Error: Create a staff account",
    )
    assert "already exists" in p.text


def test_a_supervisor_is_scoped_to_a_borough_chosen_from_a_list(admin_client):
    borough = make_borough("Westminster")
    p = page(admin_client, "/staff/accounts/new")
    assert "Westminster" in p.texts("select option")
    submit(
        admin_client,
        "/staff/accounts/new",
        {
            "name": "Sue",
            "email": "sue@example.org",
            "role": "supervisor",
            "borough_codes": borough.code,
        },
        title="Sue",
    )
    assert [b.name for b in accounts.by_email("sue@example.org").boroughs] == ["Westminster"]


def test_admin_disables_and_enables_an_account(admin_client, app):
    officer = make_staff("officer", name="Olu Officer")
    officer_client = app.test_client()
    login_as(officer_client, officer)
    p = press(admin_client, f"/staff/accounts/{officer.id}", f"/staff/accounts/{officer.id}/disable")
    assert "account is disabled. 1 signed-in session(s) ended" in p.text
    session.refresh(officer)
    assert not officer.active
    assert officer_client.get("/staff/").status_code == 302

    p = press(admin_client, f"/staff/accounts/{officer.id}", f"/staff/accounts/{officer.id}/enable")
    assert "enabled again" in p.text
    assert [e for e in session.scalars(select(AuditEvent.action)) if e.startswith("account.")] == [
        "account.disabled",
        "account.enabled",
    ]


def test_admin_cannot_disable_themselves(admin_client):
    me = admin_client.admin
    p = press(admin_client, f"/staff/accounts/{me.id}", f"/staff/accounts/{me.id}/disable")
    assert "You cannot disable your own account" in p.text
    assert admin_client.get("/staff/").status_code == 200


def test_admin_resets_an_authenticator_app(admin_client):
    officer = make_staff("officer")
    old_secret = totp.secret_of(officer)
    p = press(admin_client, f"/staff/accounts/{officer.id}", f"/staff/accounts/{officer.id}/reset-mfa")
    assert "password and authenticator app no longer work" in p.text
    session.refresh(officer)
    assert totp.secret_of(officer) != old_secret and officer.totp_confirmed_at is None
    assert not passwords.verify(officer.password_hash, PASSWORD)
    assert links_sent(officer.email)  # the way back in


def test_an_unknown_account_is_404(admin_client):
    assert admin_client.get("/staff/accounts/999999").status_code == 404


def test_the_staff_home_shows_the_person_their_scope_and_their_areas(client):
    ward = make_ward("West End", borough=make_borough("Westminster"))
    officer = make_staff("officer", wards=[ward], name="Olu Officer")
    login_as(client, officer)
    p = page(client, "/staff/", title="Staff home")
    assert "Olu Officer" in p.h1
    assert "Officer" in p.text and "West End, Westminster" in p.text
    links = p.texts("main a")
    assert "Staff accounts" not in links and "Audit log" not in links

    supervisor = make_staff("supervisor", boroughs=[ward.borough])
    login_as(client, supervisor)
    p = page(client, "/staff/")
    assert "Westminster" in p.text and "Audit log" in p.texts("main a")

    login_as(client, make_staff("admin"))
    p = page(client, "/staff/")
    assert "Every borough and ward" in p.text
    assert {"Staff accounts", "Audit log"} <= set(p.texts("main a"))


def test_password_sign_in_still_needs_the_factory_password(client):
    # Guards the factories: the shared hash really is of PASSWORD.
    staff = make_staff("officer")
    assert passwords.verify(staff.password_hash, PASSWORD)


def test_every_area_on_the_home_page_names_a_real_page_and_a_real_permission(app):
    from portal.services.staff.roles import DEFAULT_ROLES
    from portal.staff.navigation import AREAS

    granted = {permission for role in DEFAULT_ROLES for permission in role.permissions}
    for label, endpoint, permission in AREAS:
        assert permission in granted, label
        assert app.view_functions[endpoint].required_permission == permission, label


def test_staff_change_their_own_password_and_other_devices_are_signed_out(client, app):
    staff = make_staff("officer")
    login_as(client, staff)
    other_device = app.test_client()
    login_as(other_device, staff)

    p = submit(
        client,
        "/staff/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        title="Staff home",
    )
    assert "Your password has been changed. You have been signed out on 1 other device(s)." in p.text
    session.refresh(staff)
    assert passwords.verify(staff.password_hash, NEW_PASSWORD)
    assert client.get("/staff/").status_code == 200
    assert other_device.get("/staff/").status_code == 302
    assert "account.password_changed" in list(session.scalars(select(AuditEvent.action)))


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("not my password at all", NEW_PASSWORD, "Your current password is not correct"),
        (PASSWORD, "short", "12 characters or more"),
        (PASSWORD, "password1234", "common or breached"),
        (PASSWORD, PASSWORD, "different from your current one"),
        ("", "", "Enter your current password"),
    ],
)
def test_a_refused_password_change_explains_why(client, current, new, message):
    staff = make_staff("officer")
    login_as(client, staff)
    p = submit(
        client,
        "/staff/account/password",
        {"current_password": current, "new_password": new},
        title="Error: Change your password",
    )
    assert any(message in m for m in p.error_messages()), p.error_messages()
    session.refresh(staff)
    assert passwords.verify(staff.password_hash, PASSWORD)
