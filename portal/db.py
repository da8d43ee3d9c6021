"""Engine and a session per request (SQLAlchemy 2, without Flask-SQLAlchemy).

`db.session` is the current request's (or CLI command's) session. It is created on first use, and removed at the
end of the application context; anything not committed by then is rolled back, so a failed request leaves nothing
half-written.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, configure_mappers, sessionmaker
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
        # Relationships between the models are worked out once, at start, not by a process's first request.
        configure_mappers()
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

    def autocommit(self) -> None:
        """Until the current session's transaction ends, each statement commits as it runs (PostgreSQL): for a
        request that reads, then writes in one statement (sending a report, docs/adr/0011), which then costs neither
        BEGIN nor COMMIT, each a round trip to the database. A second statement that writes is refused while it
        lasts (two writes need a transaction: end_autocommit() first). Called before the request's first statement;
        a session already in a transaction stays in it. SQLite is left as it is: it runs in the web process, where
        BEGIN and COMMIT cost no round trip, and begins its transactions at the first write (docs/adr/0005)."""
        session = self.get_session()
        if session.in_transaction() or self.engine.dialect.name != "postgresql":
            return
        connection = session.connection()
        # Set on the driver's connection, not through SQLAlchemy's isolation_level execution option, whose setting
        # and resetting on every request cost more than the BEGIN it saves; the pool's checkin turns it back.
        connection.connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        connection.info[_WRITTEN_WITHOUT_TRANSACTION] = False

    def end_autocommit(self) -> None:
        """Back from autocommit() to transactions: the session's next statement begins one. Nothing waits to be
        committed, so this costs no round trip."""
        session = g.get("_db_session")
        if session is None or not session.in_transaction():
            return
        if _WRITTEN_WITHOUT_TRANSACTION in session.connection().info:
            session.commit()

    def rollback(self) -> None:
        """Abandon the current session's transaction (after an error, so what follows can still read)."""
        session = g.get("_db_session")
        if session is not None:
            session.rollback()

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
    # hide_parameters: a database error's message (logged, and carried by the exception) names the statement but
    # never the values bound to it, which are residents' email addresses, names and free text.
    kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        # Several threads (the dev server, tests' live server) share one file; SQLite serialises writers itself.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30, "factory": sqlite.Connection}
    else:
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 30
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _sqlite_lock_before_writing)
    else:
        event.listen(engine, "checkin", _note_checkin)
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "before_cursor_execute", _one_write_without_transaction)
    return engine


# On a connection in Database.autocommit(): whether a statement has written yet (at most one may).
_WRITTEN_WITHOUT_TRANSACTION = "written_without_transaction"


class WriteWithoutTransaction(RuntimeError):
    """A second statement that writes, where each statement commits as it runs: the two would not be atomic."""


def _one_write_without_transaction(
    conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _executemany: bool
) -> None:
    written = conn.info.get(_WRITTEN_WITHOUT_TRANSACTION)
    # A SELECT that locks rows counts as a write here: its locks would end with the statement.
    if written is None or (_reads_only(statement) and not _LOCKS_ROWS.search(statement)):
        return
    if written:
        raise WriteWithoutTransaction("a second write where each statement commits: end_autocommit() first")
    conn.info[_WRITTEN_WITHOUT_TRANSACTION] = True


# A pooled connection idle for longer than this is checked with a round trip before use (the database may have
# restarted, or a firewall dropped the connection). SQLAlchemy's pool_pre_ping checks on every checkout: one more
# round trip on every request, which at a few hundred submissions a second is a tenth of the work. A connection
# returned moments ago is as good as the database's answer to it was.
PING_AFTER_IDLE_SECONDS = 5.0
_CHECKED_IN = "checked_in_at"


def _note_checkin(dbapi_connection: Any, record: Any) -> None:
    record.info[_CHECKED_IN] = time.monotonic()
    # Back to transactions after Database.autocommit(). An invalidated connection comes back as None (or closed):
    # the pool connects anew, in transactions.
    in_autocommit = record.info.pop(_WRITTEN_WITHOUT_TRANSACTION, None) is not None
    if in_autocommit and dbapi_connection is not None and not dbapi_connection.closed:
        dbapi_connection.autocommit = False


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    checked_in = record.info.get(_CHECKED_IN)
    if checked_in is None or time.monotonic() - checked_in < PING_AFTER_IDLE_SECONDS:
        return  # new (it has just connected) or used a moment ago
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()  # end the transaction the driver began for it
    except Exception as error:
        # The pool discards this connection and checks out another (or connects anew).
        raise DisconnectionError(str(error)) from error


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
    # The audit log's delete trigger (migration 0019) lets a transaction delete old records only while the
    # retention job has said it is the job on this connection (allow_audit_disposal).
    dbapi_connection.create_function("portal_audit_disposal", 0, lambda: int(_disposal.allowed is dbapi_connection))


# Statements that only read. Anything else (INSERT, UPDATE, DELETE, SAVEPOINT, a CTE that might write) writes.
_READ_ONLY = ("SELECT", "PRAGMA", "EXPLAIN")
# PostgreSQL's row locks (SQLite has none).
_LOCKS_ROWS = re.compile(r"\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.IGNORECASE)


def _reads_only(statement: str) -> bool:
    return statement.lstrip()[:8].upper().startswith(_READ_ONLY)


def _sqlite_lock_before_writing(
    conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _executemany: bool
) -> None:
    """Begin a write transaction (BEGIN IMMEDIATE, which takes SQLite's single write lock) just before the first
    statement that writes. Reads before it run in autocommit, each seeing the latest committed data, as they would
    under PostgreSQL's READ COMMITTED; from the first write on, the transaction holds the lock until it ends, so it
    can never fail half-way with "database is locked" (docs/adr/0005). A request that only reads never takes the
    lock, and one that writes holds it only while it writes."""
    dbapi_connection = conn.connection.dbapi_connection
    if dbapi_connection.in_transaction or _reads_only(statement):
        return
    sqlite.begin_write(dbapi_connection)


class _Disposal(threading.local):
    allowed: Any = None  # the SQLite connection on which the disposal job is deleting old audit records


_disposal = _Disposal()


@contextmanager
def allow_audit_disposal(connection: Connection) -> Iterator[None]:
    """Within this block the retention job may delete audit records at least two years old through `connection`:
    on PostgreSQL for the rest of its transaction (the trigger reads `portal.audit_disposal`), on SQLite while the
    block lasts (the trigger asks portal_audit_disposal())."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT set_config('portal.audit_disposal', 'on', true)"))
        yield
        return
    _disposal.allowed = connection.connection.dbapi_connection
    try:
        yield
    finally:
        _disposal.allowed = None


db = Database()
session: Session = LocalProxy(db.get_session)  # type: ignore[assignment]
