"""Every URL is lowercase kebab-case with typed converters (STYLE.md §7)."""

import re

SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|<(?:(?:int|string|path|uuid|[a-z_]+):)?[a-z_]+>)$")


def test_every_url_is_lowercase_kebab_case(app):
    bad = []
    for rule in app.url_map.iter_rules():
        for segment in rule.rule.strip("/").split("/"):
            if segment and not SEGMENT.match(segment):
                bad.append(rule.rule)
    assert not bad, bad


def test_no_get_route_is_registered_with_post_and_get_together_without_a_form(app):
    # Check 26: no GET changes state. Routes that accept POST must be form pages (which GET renders) or POST-only.
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert methods <= {"GET", "POST"}, (rule.rule, methods)
