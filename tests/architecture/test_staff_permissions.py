"""Security checks 4 and 8: every staff endpoint declares its permission, and none is reachable half signed in.

Only the pages needed before signing in may be exempt (signing in, and enrolling through an emailed link), and they
are listed here by name: adding an exemption is a deliberate change to this file.
"""

import pytest

from portal.services.staff import sessions
from tests.factories.staff import make_staff

EXEMPT = {"staff.sign_in", "staff.sign_in_code", "staff.signed_out", "staff.enrol", "staff.enrol_authenticator"}


def staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule == "/staff" or rule.rule.startswith("/staff/")]


def sample_url(rule):
    # Fill converters with a plausible value: the check happens before the view looks anything up.
    values = dict.fromkeys(rule.arguments, 1)
    return rule.build(values, append_unknown=False)[1]


def test_there_are_staff_endpoints_to_check(app):
    assert len(staff_rules(app)) >= 10


def test_every_staff_endpoint_declares_a_permission_or_an_explicit_exemption(app):
    undeclared, unexpected_exemptions = [], []
    for rule in staff_rules(app):
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "required_permission", None)
        exemption = getattr(view, "permission_exempt", None)
        if exemption is not None:
            if rule.endpoint not in EXEMPT:
                unexpected_exemptions.append(rule.endpoint)
        elif not permission:
            undeclared.append(rule.endpoint)
    assert not undeclared, f"staff endpoints without a permission: {undeclared}"
    assert not unexpected_exemptions, f"exempt endpoints not on the allowed list: {unexpected_exemptions}"


def test_the_declared_permissions_exist_in_some_role(app, app_context):
    from portal.services.staff.roles import DEFAULT_ROLES

    granted = {permission for role in DEFAULT_ROLES for permission in role.permissions}
    for rule in staff_rules(app):
        permission = getattr(app.view_functions[rule.endpoint], "required_permission", None)
        assert permission is None or permission in granted, (rule.endpoint, permission)


@pytest.mark.parametrize("state", ["anonymous", "password only"])
def test_no_protected_staff_page_answers_without_both_factors(app, app_context, state):
    staff = make_staff("admin")
    client = app.test_client()
    if state == "password only":
        _row, token = sessions.create(staff, mfa_completed=False)
        client.set_cookie(app.config["STAFF_SESSION_COOKIE_NAME"], token)
    for rule in staff_rules(app):
        if rule.endpoint in EXEMPT:
            continue
        url = sample_url(rule)
        # GETs are checked directly; POST-only endpoints with CSRF turned off, so the permission check itself answers.
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            app.config["WTF_CSRF_ENABLED"] = False
            try:
                response = client.post(url)
            finally:
                app.config["WTF_CSRF_ENABLED"] = True
        assert response.status_code == 302, (url, response.status_code)
        assert response.headers["Location"].endswith("/staff/sign-in"), url


def test_a_role_without_the_permission_gets_403(app, app_context):
    from tests.factories.staff import login_as

    client = app.test_client()
    login_as(client, make_staff("front_counter"))
    for url in ("/staff/accounts", "/staff/accounts/new", "/staff/audit-log"):
        assert client.get(url).status_code == 403, url
    assert client.get("/staff/").status_code == 200
