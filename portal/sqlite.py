"""SQLite connections: write transactions that begin at their first write and queue for the lock without sleeping.

SQLite lets one transaction write at a time. A connection that finds the lock taken sleeps in SQLite's busy handler
(1, 2, 5, 10 ms and longer) and tries again, so under load a freed lock sits unused while the waiters sleep. The
portal's connections therefore first queue on an advisory lock on a file beside the database (`flock`, which
wakes the next waiter the moment it is released) and only then ask SQLite for its lock, which is then free. Any
other program writing to the database still gets SQLite's own locking and busy timeout.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

try:
    import fcntl
except ImportError:  # no flock (Windows): SQLite's busy handler alone does the queueing
    fcntl = None  # type: ignore[assignment]

_held = threading.local()  # how many writer locks this thread holds, across its connections


def lock_path_for(database: Any) -> str | None:
    """The advisory lock file for a database file, or None for an in-memory database."""
    name = os.fspath(database) if isinstance(database, str | os.PathLike) else ""
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    if not name or name == ":memory:" or "mode=memory" in os.fspath(database):
        return None
    return name + "-writer.lock"


class Connection(sqlite3.Connection):
    """A pysqlite connection that takes the database's writer lock with `begin_write()` and gives it back when its
    transaction ends (commit, rollback or close)."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._lock_path = lock_path_for(database) if fcntl is not None else None
        self._lock_fd: int | None = None
        self._holding = False

    def begin_write(self) -> None:
        """BEGIN IMMEDIATE, after waiting (without polling) for any other portal connection's write to end."""
        # A thread that already holds the lock through another connection must not wait for itself: it falls back
        # to SQLite's busy timeout, which gives up rather than hang.
        if self._lock_path is not None and not getattr(_held, "count", 0):
            if self._lock_fd is None:
                self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._holding = True
            _held.count = getattr(_held, "count", 0) + 1
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            _held.count -= 1
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)


def begin_write(dbapi_connection: sqlite3.Connection) -> None:
    """Begin a write transaction now (BEGIN IMMEDIATE), through the writers' queue when the connection is ours."""
    if isinstance(dbapi_connection, Connection):
        dbapi_connection.begin_write()
    else:
        dbapi_connection.execute("BEGIN IMMEDIATE")
