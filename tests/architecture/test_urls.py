"""Every URL is lowercase kebab-case with typed converters (docs/style.md), and no GET changes state (security check
26): an action is POST-only, and the only URLs that take both GET and POST are form pages, named here."""

import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter, RequestRedirect

SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|<(?:(?:int|string|path|uuid|[a-z_]+):)?[a-z_]+>)$")

# Pages that show a form on GET and take its answers on POST. GET renders; only POST changes anything.
FORM_PAGES = {
    "reports.step",
    "reports.group_item",
    "reports.check_answers",
    "reports.save",
    "reports.resume",
    "track.start",
    "track.sign_in",
    "track.add_information",
    "track.contact_preferences",
    "track.request_contact",
    "track.support_services",
    "staff.sign_in",
    "staff.sign_in_code",
    "staff.enrol",
    "staff.enrol_authenticator",
    "staff.change_password",
    "staff.account_new",
    "cases.find_case",
    "oversight.content_borough_priorities",
    "oversight.content_item_new",
    "oversight.content_item_edit",
    "information_rights.new_request",
    "information_rights.edit_rule",
    "information_rights.review",
}


def test_every_url_is_lowercase_kebab_case(app):
    bad = []
    for rule in app.url_map.iter_rules():
        for segment in rule.rule.strip("/").split("/"):
            if segment and not SEGMENT.match(segment):
                bad.append(rule.rule)
    assert not bad, bad


def test_only_declared_form_pages_take_both_get_and_post(app):
    both = {rule.endpoint for rule in app.url_map.iter_rules() if {"GET", "POST"} <= rule.methods}
    assert both == FORM_PAGES


def _example_path(rule) -> str:
    # Any value of the right type: 1 for numbers, "x" for text.
    values = {name: 1 if isinstance(conv, IntegerConverter) else "x" for name, conv in rule._converters.items()}
    return rule.build(values)[1]


def test_an_action_cannot_be_reached_with_a_get(app):
    """A GET to an action's URL never reaches the action: it is refused (405), not found, or it is another view's
    page at the same address (a page that shows a form posting to itself)."""
    adapter = app.url_map.bind("localhost")
    actions = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and "GET" not in rule.methods]
    assert actions, "there are POST-only actions to check"
    reached = []
    for rule in actions:
        try:
            endpoint, _ = adapter.match(_example_path(rule), method="GET")
        except (MethodNotAllowed, NotFound):
            continue
        except RequestRedirect:  # a trailing-slash redirect: still not the action
            continue
        if endpoint == rule.endpoint:
            reached.append(rule.rule)
    assert reached == []


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_nothing_answers_other_methods(app, method):
    assert [rule.rule for rule in app.url_map.iter_rules() if method in rule.methods] == []
