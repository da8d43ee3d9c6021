"""SQLite transactions (docs/adr/0005): reads never wait for the write lock; a transaction takes the lock at its
first write and keeps it to the end, so read-then-write cannot fail half-way and a rollback undoes every write."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.db import make_engine


@pytest.fixture
def database(tmp_path: Path):
    path = tmp_path / "locking.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter (id, n) VALUES (1, 0)"))
    yield engine, path
    engine.dispose()


def other_writer(path: Path) -> sqlite3.Connection:
    """A second connection, as another worker process would have; timeout 0 so a held lock fails at once."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def test_a_read_does_not_wait_while_another_connection_holds_the_write_lock(database):
    engine, path = database
    writer = other_writer(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE counter SET n = 99")
    seen: list[int] = []

    def read() -> None:
        with Session(engine) as session:
            seen.append(session.execute(text("SELECT n FROM counter")).scalar_one())
            session.commit()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=5)  # a reader queueing for the lock would wait out the 30-second busy timeout
    writer.execute("ROLLBACK")
    assert not reader.is_alive()
    assert seen == [0]  # the last committed value, not the other writer's uncommitted one


def test_read_then_write_succeeds_after_another_writer_committed_in_between(database):
    engine, path = database
    with Session(engine) as session:
        before = session.execute(text("SELECT n FROM counter")).scalar_one()
        writer = other_writer(path)
        writer.execute("UPDATE counter SET n = n + 10")  # autocommit: committed now
        # A deferred transaction would now fail with "database is locked" (its snapshot is stale).
        session.execute(text("UPDATE counter SET n = n + 1"))
        session.commit()
    assert before == 0
    assert writer.execute("SELECT n FROM counter").fetchone() == (11,)


def test_the_first_write_takes_the_lock_until_the_transaction_ends_and_rollback_undoes_it(database):
    engine, path = database
    writer = other_writer(path)
    with Session(engine) as session:
        session.execute(text("SELECT n FROM counter"))
        writer.execute("BEGIN IMMEDIATE")  # reading took no lock
        writer.execute("ROLLBACK")
        session.execute(text("UPDATE counter SET n = 5"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            writer.execute("BEGIN IMMEDIATE")
        session.execute(text("UPDATE counter SET n = n + 1"))
        session.rollback()
    writer.execute("BEGIN IMMEDIATE")  # released at the end of the transaction
    assert writer.execute("SELECT n FROM counter").fetchone() == (0,)
    writer.execute("ROLLBACK")
