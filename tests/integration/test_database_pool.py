"""PostgreSQL's connection pool checks a connection only after it has been idle: one that lost its server while idle
is replaced without the request seeing an error, and one returned a moment ago is used without an extra round
trip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from portal import db as database
from portal.db import db


@pytest.fixture
def engine(app: Flask) -> Iterator[Engine]:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the idle check is for PostgreSQL's pooled connections")
        db.engine.dispose()  # start from an empty pool: the next checkout is the connection under test
        yield db.engine
        db.engine.dispose()


def _pooled_backend(engine: Engine) -> int:
    """Use a connection and put it back in the pool: the server process behind it."""
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT pg_backend_pid()")))


def _terminate(engine: Engine, pid: int) -> None:
    # From a separate engine, so the pooled connection stays idle in its pool.
    other = create_engine(engine.url, poolclass=NullPool)
    with other.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


def test_a_connection_idle_long_enough_is_checked_and_replaced_when_its_server_has_gone(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _pooled_backend(engine)
    _terminate(engine, pid)
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)  # every connection now counts as idle

    with engine.connect() as connection:
        assert connection.scalar(text("SELECT pg_backend_pid()")) != pid


def test_a_connection_returned_a_moment_ago_is_used_without_a_check(engine: Engine) -> None:
    pid = _pooled_backend(engine)
    _terminate(engine, pid)

    # No check: the first statement finds the server gone. This is the cost of skipping the round trip, and why
    # only connections used within the last few seconds skip it.
    with pytest.raises(DBAPIError), engine.connect() as connection:
        connection.scalar(text("SELECT 1"))
    # The failure invalidated the pool: the next request gets a fresh connection.
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT pg_backend_pid()")) != pid
