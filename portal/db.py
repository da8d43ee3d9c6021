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
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 30
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN in ways that break SAVEPOINT and
    # read-then-write; let SQLAlchemy issue BEGIN itself (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock at the start, so two writers queue instead of failing mid-transaction
    # with "database is locked" when one upgrades a read lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


db = Database()
session: Session = LocalProxy(db.get_session)  # type: ignore[assignment]
