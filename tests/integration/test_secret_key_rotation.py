"""Rotating SECRET_KEY: with the old key in SECRET_KEY_FALLBACKS, a resident's report in progress (found through the
signed session cookie) survives the rotation; without it, the browser's session is no longer trusted."""

from __future__ import annotations

import pytest

from portal.config import DevelopmentConfig
from tests.factories.reports import asb_pages, walk, ward_fixture  # noqa: F401  (fixtures)
from tests.pages import page

OLD, NEW = "o" * 40, "n" * 40
SLUG = "anti-social-behaviour"


def test_fallback_keys_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{OLD} {'p' * 40}")
    assert DevelopmentConfig().SECRET_KEY_FALLBACKS == [OLD, "p" * 40]
    monkeypatch.delenv("SECRET_KEY_FALLBACKS")
    assert DevelopmentConfig().SECRET_KEY_FALLBACKS == []


@pytest.mark.parametrize(("fallbacks", "kept"), [([OLD], True), ([], False)], ids=["with-fallback", "without"])
def test_a_report_in_progress_survives_a_rotation_with_the_old_key_as_fallback(
    app, client, ward, monkeypatch, fallbacks, kept
):
    monkeypatch.setitem(app.config, "SECRET_KEY", OLD)
    pages = asb_pages(ward.code)
    walk(client, SLUG, pages[:3])
    monkeypatch.setitem(app.config, "SECRET_KEY", NEW)
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", fallbacks)
    answered = page(client, f"/report/{SLUG}/{pages[0][0]}")
    assert bool(answered.select("input[checked]")) is kept  # the "No" answered before the rotation
