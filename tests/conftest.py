"""Fixtures shared by unit, integration and architecture tests.

The database is chosen by TEST_DATABASE_URL: unset means a SQLite file in a temporary folder; a PostgreSQL URL
means a private database created beside it for this run. Migrations (not create_all) build the schema, so every run
also tests the migrations on that database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app, migrate
from portal.config import TestConfig
from portal.db import db
from portal.models import Base
from tests.databases import postgres_url_from_env, private_postgres_database
from tests.support import trigger_routes


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = postgres_url_from_env()
    if url:
        with private_postgres_database(url) as private_url:
            yield private_url
    else:
        path: Path = tmp_path_factory.mktemp("db") / "portal.sqlite3"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    config = TestConfig()
    config.DATABASE_URL = database_url
    application = create_app(config)
    application.register_blueprint(trigger_routes.bp)
    application.instance_path = str(tmp_path_factory.mktemp("instance"))
    migrate.upgrade(database_url)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    from portal.extensions import limiter

    with application.app_context():
        empty_database()
        limiter.reset()


def empty_database() -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # The audit log's append-only triggers refuse DELETE: set them aside while emptying, as TRUNCATE does
            # on PostgreSQL, and put them back exactly as they were.
            triggers = connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
            ).all()
            for name, _sql in triggers:
                connection.execute(text(f'DROP TRIGGER "{name}"'))
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            for _name, sql in triggers:
                connection.execute(text(sql))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
