"""`flask --app portal staff ...` and the demo staff step."""

import re

import pytest
from sqlalchemy import select

from portal.core import tokens
from portal.db import session
from portal.demo.staff import DEMO_PASSWORD, demo_staff
from portal.models import StaffEnrolmentLink
from portal.services.staff import accounts, auth, enrolment, passwords, totp
from tests.factories.staff import make_staff, sign_in
from tests.factories.wards import make_borough, make_ward
from tests.support.enrolment import browser, enrol, enrolment_emails, latest_link, reload

pytestmark = pytest.mark.usefixtures("app_context")


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=input)


def test_create_takes_no_password_and_emails_an_enrolment_link(app):
    ward = make_ward()
    result = run(
        app,
        "create",
        "--email",
        "Pat@Example.org",
        "--name",
        "Pat Constable",
        "--role",
        "officer",
        "--ward",
        ward.code,
        input="a long enough passphrase\n",  # nothing reads it: there is no password to give
    )
    assert result.exit_code == 0, result.output
    assert "enrolment link is queued for pat@example.org" in result.output
    assert "otpauth://" not in result.output and "/staff/enrol/" not in result.output
    staff = accounts.by_email("pat@example.org")
    assert not passwords.usable(staff.password_hash) and staff.totp_confirmed_at is None
    assert not passwords.verify(staff.password_hash, "a long enough passphrase")
    assert [w.code for w in staff.wards] == [ward.code]
    token = latest_link("pat@example.org")
    with browser(app) as member:
        enrol(member, token)
    assert reload(staff).totp_confirmed_at is not None


def test_create_with_print_link_prints_a_working_link_and_emails_nothing(app):
    result = run(app, "create", "--email", "ada@example.org", "--name", "Ada", "--role", "admin", "--print-link")
    assert result.exit_code == 0, result.output
    token = re.search(r"https?://\S+/staff/enrol/(\S+)", result.output).group(1)
    assert enrolment_emails("ada@example.org") == []
    row = session.scalars(select(StaffEnrolmentLink)).one()
    assert row.token_hash == tokens.digest(token)
    with browser(app) as member:
        enrol(member, token)
    assert reload(accounts.by_email("ada@example.org")).totp_confirmed_at is not None


def test_create_refuses_a_missing_scope(app):
    borough = make_borough()
    result = run(app, "create", "--email", "b@example.org", "--name", "B", "--role", "supervisor")
    assert result.exit_code != 0 and "Select a borough" in result.output
    assert accounts.by_email("b@example.org") is None
    result = run(
        app, "create", "--email", "c@example.org", "--name", "C", "--role", "supervisor", "--borough", borough.code
    )
    assert result.exit_code == 0
    assert accounts.by_email("c@example.org").boroughs == [borough]


def test_disable_reset_mfa_and_a_new_enrolment_link(app):
    staff = make_staff("officer", email="olu@example.org")
    old_secret = totp.secret_of(staff)
    assert "Disabled olu@example.org" in run(app, "disable", "--email", "olu@example.org").output
    result = run(app, "reset-mfa", "--email", "olu@example.org")
    assert "enrolment link is queued" in result.output and "otpauth://" not in result.output
    session.refresh(staff)
    assert not staff.active and totp.secret_of(staff) != old_secret and not passwords.usable(staff.password_hash)
    assert len(enrolment_emails("olu@example.org")) == 1
    first = run(app, "enrolment-link", "--email", "olu@example.org", "--print-link").output
    second = run(app, "enrolment-link", "--email", "olu@example.org", "--print-link").output
    printed = [re.search(r"/staff/enrol/(\S+)", output).group(1) for output in (first, second)]
    live = session.scalars(select(StaffEnrolmentLink).where(StaffEnrolmentLink.revoked_at.is_(None))).all()
    assert [row.token_hash for row in live] == [tokens.digest(printed[1])]  # the newer revoked the older
    assert run(app, "disable", "--email", "nobody@example.org").exit_code != 0


def test_totp_prints_the_current_code_in_development_only(app):
    staff = make_staff("officer", email="olu@example.org")
    result = run(app, "totp", "--email", "olu@example.org")
    assert result.output.strip() == auth.current_code(staff)
    app.config["ENV_NAME"] = "production"
    try:
        result = run(app, "totp", "--email", "olu@example.org")
    finally:
        app.config["ENV_NAME"] = "test"
    assert result.exit_code != 0 and "refused in production" in result.output


def test_the_demo_step_skips_clearly_without_the_ward():
    summary = demo_staff()
    assert summary.startswith("skipped") and "E05013808" in summary


def test_the_demo_step_creates_an_officer_and_a_supervisor_once(app):
    westminster = make_borough("Westminster", code="E09000033")
    make_ward("West End", code="E05013808", borough=westminster)
    first = demo_staff()
    assert "officer.demo@example.org" in first and "staff totp --email officer.demo@example.org" in first
    officer = accounts.by_email("officer.demo@example.org")
    supervisor = accounts.by_email("supervisor.demo@example.org")
    assert totp.secret_of(officer) in first and DEMO_PASSWORD in first
    assert [w.name for w in officer.wards] == ["West End"]
    assert [b.name for b in supervisor.boroughs] == ["Westminster"]
    assert demo_staff() == first  # idempotent
    # Already set up, with the printed password, and no enrolment email: the demo officer signs in straight away.
    assert enrolment_emails("officer.demo@example.org") == []
    with browser(app) as officer_browser:
        sign_in(officer_browser, officer, password=DEMO_PASSWORD)


def test_accounts_with_a_known_password_are_refused_in_production(app):
    staff = make_staff("officer", totp_confirmed=False)
    app.config["ENV_NAME"] = "production"
    try:
        with pytest.raises(enrolment.EnrolmentError):
            enrolment.enrol_for_development(staff, DEMO_PASSWORD)
        assert demo_staff().startswith("skipped")
    finally:
        app.config["ENV_NAME"] = "test"
    assert reload(staff).totp_confirmed_at is None
