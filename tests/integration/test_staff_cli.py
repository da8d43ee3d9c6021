"""`flask --app portal staff ...` and the demo staff step."""

import re

import pyotp
import pytest

from portal.db import session
from portal.demo.staff import DEMO_PASSWORD, demo_staff
from portal.services.staff import accounts, auth, passwords, totp
from tests.factories.staff import make_staff
from tests.factories.wards import make_borough, make_ward

pytestmark = pytest.mark.usefixtures("app_context")


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=input)


def test_create_reads_the_password_from_stdin_and_prints_the_provisioning_uri(app):
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
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    uri = re.search(r"otpauth://totp/\S+", result.output).group()
    staff = accounts.by_email("pat@example.org")
    assert pyotp.parse_uri(uri).secret == totp.secret_of(staff)
    assert passwords.verify(staff.password_hash, "a long enough passphrase")
    assert [w.code for w in staff.wards] == [ward.code]
    assert "a long enough passphrase" not in result.output


def test_create_refuses_a_weak_password_or_a_missing_scope(app):
    borough = make_borough()
    result = run(app, "create", "--email", "a@example.org", "--name", "A", "--role", "admin", input="password1234\n")
    assert result.exit_code != 0 and "common or breached" in result.output
    result = run(app, "create", "--email", "b@example.org", "--name", "B", "--role", "supervisor", input="x" * 20)
    assert result.exit_code != 0 and "Select a borough" in result.output
    result = run(
        app,
        "create",
        "--email",
        "c@example.org",
        "--name",
        "C",
        "--role",
        "supervisor",
        "--borough",
        borough.code,
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0
    assert accounts.by_email("c@example.org").boroughs == [borough]


def test_disable_and_reset_mfa(app):
    staff = make_staff("officer", email="olu@example.org")
    old_secret = totp.secret_of(staff)
    assert "Disabled olu@example.org" in run(app, "disable", "--email", "olu@example.org").output
    result = run(app, "reset-mfa", "--email", "olu@example.org")
    assert "otpauth://" in result.output
    session.refresh(staff)
    assert not staff.active and totp.secret_of(staff) != old_secret
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


def test_the_demo_step_creates_an_officer_and_a_supervisor_once():
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
