"""Browser tests: the portal served by a real HTTP server in a thread, driven by Debian's Chromium.

Browsers cannot be downloaded here, so Playwright launches the system Chromium. Every test that visits a page runs
axe-core on it and expects no violations.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page
from werkzeug.serving import make_server

from portal import create_app, migrate
from portal.config import TestConfig

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    # Chromium may drop a connection while Werkzeug's test server is sending a stylesheet or script (a page it no
    # longer needs); that server then leaves the file for the garbage collector. gunicorn closes it; the test server
    # is not what is under test, so only that warning about our own built assets is let through.
    for category in ("ResourceWarning", "pytest.PytestUnraisableExceptionWarning"):
        config.addinivalue_line(
            "filterwarnings", f"ignore:(unclosed file|Exception ignored in.) <_io[^>]*/portal/static/:{category}"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    instance = tmp_path_factory.mktemp("instance")
    config = TestConfig()
    config.DATABASE_URL = f"sqlite:///{Path(instance) / 'e2e.sqlite3'}"
    app = create_app(config)
    app.instance_path = str(instance)
    migrate.upgrade(config.DATABASE_URL)
    from e2e.seed import seed

    with app.app_context():
        seed(app)
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with the violations listed."""
    # A new page's title can be seen before its body has been parsed (a wait for the title, as after a form's error):
    # axe would then check half a document. Wait for the whole page first (at once if it has already loaded).
    page.wait_for_load_state("load")
    results = _axe.run(page)
    violations = results.response["violations"]
    summary = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in violations]
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(summary)
