"""Browser tests through the production stack (deploy/stack.py): Chromium over https to nginx, two gunicorn instances
with PORTAL_ENV=production, PostgreSQL, Redis, the S3-compatible store, the outbox sender and the STARTTLS mail server.

The stack is started once for the session and stopped after it. axe-core runs on every page, as in e2e/. Every report
a test sends is entered in the ledger; the last test (test_nothing_lost.py) checks that the stack holds exactly those,
each with its one event, its one email and its files.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from deploy import stack as stacks
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from portal import create_app
from portal.config import TestConfig
from portal.db import db, session
from portal.demo.staff import demo_staff
from portal.demo.wards import DATA
from portal.models import Report
from portal.services.wards import reference

# A lower per-client /track limit than production's 30 an hour, so proving it is shared takes seconds; and a shorter
# floor under each /track lookup's time (tested in tests/integration/test_track_lookup.py), which the tests make eight.
TRACK_LIMIT = 6
SETTINGS = {"TRACK_LIMIT_PER_CLIENT": f"{TRACK_LIMIT} per hour", "TRACK_MIN_RESPONSE_SECONDS": "0.05"}


# Run after every other test, in this order: they look at what the journeys left behind.
LAST = ("test_logs.py", "test_nothing_lost.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: LAST.index(item.path.name) + 1 if item.path.name in LAST else 0)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The stack's certificate is made at start-up and self-signed.
    return {**browser_context_args, "ignore_https_errors": True}


@pytest.fixture(scope="session")
def stack(request: pytest.FixtureRequest) -> Iterator[stacks.Stack]:
    # Not pytest's own temporary folder: nginx's workers (nobody, when the tests run as root) must pass through it.
    run_dir = Path(tempfile.mkdtemp(prefix="dps-stack-"))
    run_dir.chmod(0o711)
    # Without `demo load`'s crime figures (6 s of the 13 it takes): the journeys need the wards and the demo officer,
    # which the portal fixture adds (`make prod-up` loads the whole demonstration).
    running = stacks.up(run_dir / "run", settings=SETTINGS, demo=False)
    yield running
    failed = request.session.testsfailed
    stacks.down(running.run_dir, keep_logs=bool(failed))
    if failed:
        print(f"\nThe stack's logs are kept in {running.logs}")  # noqa: T201 - where to look after a failure
    else:
        run_dir.rmdir()


@pytest.fixture(scope="session")
def base_url(stack: stacks.Stack, portal: Flask) -> str:
    return stack.url  # once `portal` has loaded what the journeys need


@pytest.fixture(scope="session")
def portal(stack: stacks.Stack) -> Iterator[Flask]:
    """The portal's models and services in this process, on the stack's database: to look at what was stored."""
    config = TestConfig()
    config.DATABASE_URL = stack.database_url
    # The stack's own key, so the demo officer's authenticator secret sealed here opens in the stack's processes.
    config.TOTP_ENCRYPTION_KEYS = stack.environment["TOTP_ENCRYPTION_KEYS"]
    app = create_app(config)
    with app.app_context():
        reference.load_wards(DATA / "london_wards.csv")
        reference.load_categories(DATA / "category_mapping.csv")
        demo_staff()  # the demo officer for West End, as `make prod-up` makes
    yield app
    with app.app_context():
        db.engine.dispose()  # before the stack drops its database


@dataclass
class Ledger:
    """Every report whose confirmation a browser showed, and the bytes of every file sent with one."""

    before: set[str] = field(default_factory=set)  # references already there (the demonstration reports)
    confirmed: list[str] = field(default_factory=list)
    files: dict[str, list[bytes]] = field(default_factory=dict)

    def confirm(self, reference: str, files: list[bytes] | None = None) -> None:
        self.confirmed.append(reference)
        self.files[reference] = files or []


@pytest.fixture(scope="session")
def ledger(portal: Flask) -> Ledger:
    with portal.app_context():
        return Ledger(before=set(session.scalars(select(Report.reference))))
