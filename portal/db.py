"""Engine and a session per request (SQLAlchemy 2, without Flask-SQLAlchemy).

`db.session` is the current request's (or CLI command's) session. It is created on first use, and removed at the
end of the application context; anything not committed by then is rolled back, so a failed request leaves nothing
half-written.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.local import LocalProxy

from portal import sqlite


class _AppDatabase:
    """One application's engine and session factory."""

    def __init__(self, url: str, echo: bool) -> None:
        self.engine = make_engine(url, echo=echo)
        self.factory = sessionmaker(bind=self.engine, expire_on_commit=False)


class Database:
    """Per-application engines, reached through the current application (several apps may exist in one process)."""

    def init_app(self, app: Flask) -> None:
        app.extensions["database"] = _AppDatabase(app.config["DATABASE_URL"], app.config.get("DATABASE_ECHO", False))
        app.teardown_appcontext(self._remove_session)

    @property
    def engine(self) -> Engine:
        return self._state().engine

    def new_session(self) -> Session:
        return self._state().factory()

    def get_session(self) -> Session:
        session = g.get("_db_session")
        if session is None:
            session = g._db_session = self.new_session()
        return session

    @staticmethod
    def _state() -> _AppDatabase:
        return current_app.extensions["database"]  # type: ignore[no-any-return]

    @staticmethod
    def _remove_session(exc: BaseException | None) -> None:
        session = g.pop("_db_session", None)
        if session is not None:
            session.rollback()
            session.close()


def make_engine(url: str, echo: bool = False) -> Engine:
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if url.startswith("sqlite"):
        # Several threads (the dev server, tests' live server) share one file; SQLite serialises writers itself.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30, "factory": sqlite.Connection}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 30
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _sqlite_lock_before_writing)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level: pysqlite's own implicit BEGIN is deferred, which breaks read-then-write (see
    # _sqlite_lock_before_writing, which begins the transactions itself).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Fold the write-ahead log back into the database every ~40 MB rather than every 4 MB: a page written by many
    # transactions in between (an index's last leaf, say) is then copied back once, not ten times, and the commit
    # that happens to run the checkpoint waits less often. The log is trimmed back to 64 MB after a checkpoint.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()


# Statements that only read. Anything else (INSERT, UPDATE, DELETE, SAVEPOINT, a CTE that might write) writes.
_READ_ONLY = ("SELECT", "PRAGMA", "EXPLAIN")


def _sqlite_lock_before_writing(
    conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _executemany: bool
) -> None:
    """Begin a write transaction (BEGIN IMMEDIATE, which takes SQLite's single write lock) just before the first
    statement that writes. Reads before it run in autocommit, each seeing the latest committed data, as they would
    under PostgreSQL's READ COMMITTED; from the first write on, the transaction holds the lock until it ends, so it
    can never fail half-way with "database is locked" (docs/adr/0005). A request that only reads never takes the
    lock, and one that writes holds it only while it writes."""
    dbapi_connection = conn.connection.dbapi_connection
    if dbapi_connection.in_transaction or statement.lstrip()[:8].upper().startswith(_READ_ONLY):
        return
    sqlite.begin_write(dbapi_connection)


db = Database()
session: Session = LocalProxy(db.get_session)  # type: ignore[assignment]
