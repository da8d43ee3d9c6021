"""SQLite transactions (docs/adr/0005): reads never wait for the write lock; a transaction takes the lock at its
first write and keeps it to the end, so read-then-write cannot fail half-way and a rollback undoes every write;
writers queue on a lock file (portal/sqlite.py) rather than sleeping in SQLite's busy handler."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
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


def writer_lock_is_free(path: Path) -> bool:
    descriptor = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)


def test_writers_queue_on_the_lock_file_from_their_first_write_to_commit_or_rollback(database):
    engine, path = database
    with Session(engine) as session:
        session.execute(text("SELECT n FROM counter"))
        assert writer_lock_is_free(path)
        session.execute(text("UPDATE counter SET n = 1"))
        assert not writer_lock_is_free(path)
        session.commit()
        assert writer_lock_is_free(path)
        session.execute(text("UPDATE counter SET n = 2"))
        assert not writer_lock_is_free(path)
        session.rollback()
        assert writer_lock_is_free(path)


def test_a_second_writer_waits_for_the_first_and_then_writes(database):
    engine, _path = database
    first = Session(engine)
    first.execute(text("UPDATE counter SET n = n + 1"))
    finished = threading.Event()

    def second_writer() -> None:
        with Session(engine) as second:
            second.execute(text("UPDATE counter SET n = n * 10"))
            second.commit()
        finished.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not finished.wait(0.3)  # queued behind the first
    first.commit()
    first.close()
    assert finished.wait(5)
    thread.join()
    with Session(engine) as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 10  # (0 + 1) * 10: in order


def test_a_thread_writing_through_two_connections_falls_back_to_sqlites_timeout_instead_of_hanging(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    outer = engine.connect()
    outer.exec_driver_sql("PRAGMA busy_timeout=100")
    inner = engine.connect()
    inner.exec_driver_sql("PRAGMA busy_timeout=100")
    outer.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises((OperationalError, sqlite3.OperationalError), match="locked"):
        inner.execute(text("INSERT INTO t VALUES (2)"))
    inner.rollback()
    outer.commit()
    inner.execute(text("INSERT INTO t VALUES (3)"))
    inner.commit()
    outer.close()
    inner.close()
    engine.dispose()
