import base64
import hashlib
import re

import pytest

from tests.pages import Page, page


def page_of(response):
    return Page(response)


def csp_of(response):
    directives = (part.strip() for part in response.headers["Content-Security-Policy"].split(";"))
    return dict((directive.split(" ", 1) + [""])[:2] for directive in directives)


@pytest.mark.parametrize("url", ["/", "/wards", "/report", "/track", "/staff/sign-in", "/no-such-page"])
def test_csp_allows_exactly_the_inline_scripts_on_the_page_by_their_hashes_and_no_nonce(client, url):
    """The policy is the same for every page and visitor, so a page can be kept by a cache (docs/adr/0009): each
    inline script the page carries is allowed by its SHA-256, and nothing else inline is."""
    response = client.get(url)
    csp = csp_of(response)
    assert "nonce" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]
    allowed = set(re.findall(r"'sha256-([^']+)'", csp["script-src"]))
    inline = [script.string for script in page_of(response).select("script:not([src])")]
    assert inline, "every page marks itself as having JavaScript with one inline script"
    for source in inline:
        assert base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() in allowed
    assert client.get(url).headers["Content-Security-Policy"] == response.headers["Content-Security-Policy"]


def test_csp_locks_down_objects_base_and_framing(client):
    csp = csp_of(client.get("/"))
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in " ".join(csp.values())


def test_other_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert int(re.search(r"max-age=(\d+)", response.headers["Strict-Transport-Security"]).group(1)) >= 31536000


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_development_has_no_hsts_and_production_cookies_are_secure(tmp_path, monkeypatch):
    from portal import create_app
    from portal.config import DevelopmentConfig
    from tests.support.production import production_config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    dev = DevelopmentConfig()
    dev.DATABASE_URL = f"sqlite:///{tmp_path / 'dev.db'}"
    dev_app = create_app(dev)
    assert "Strict-Transport-Security" not in dev_app.test_client().get("/healthz").headers

    prod = production_config(monkeypatch, tmp_path / "prod.db")
    prod_app = create_app(prod)
    assert prod_app.config["SESSION_COOKIE_SECURE"] is True
    assert prod_app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert "Strict-Transport-Security" in prod_app.test_client().get("/healthz").headers


def test_production_session_cookie_is_host_prefixed_so_no_sibling_site_can_plant_it(tmp_path, monkeypatch):
    from portal import create_app
    from tests.support import trigger_routes
    from tests.support.production import production_config

    prod_app = create_app(production_config(monkeypatch, tmp_path / "prod.db"))
    prod_app.register_blueprint(trigger_routes.bp)
    cookie = prod_app.test_client().get("/test-support/session", base_url="https://localhost").headers["Set-Cookie"]
    assert cookie.startswith("__Host-dps_session=")
    # What browsers require of a __Host- cookie: Secure, Path=/ and no Domain.
    assert "; Secure" in cookie and "; Path=/" in cookie and "Domain=" not in cookie


def test_session_cookie_is_httponly_and_samesite(client, app):
    response = client.get("/test-support/session")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("dps_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_every_page_is_served_without_third_party_assets(client):
    p = page(client, "/")
    for element in p.select("script[src], link[href]"):
        url = element.get("src") or element.get("href")
        assert url.startswith("/"), url
