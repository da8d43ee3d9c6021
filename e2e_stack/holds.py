"""Holding a web instance inside PostgreSQL's COMMIT, so a test can kill it at the one moment that matters: after
its transaction is bound to commit, before its answer leaves.

A deferred constraint trigger (test-only, on the stack's throwaway database) waits at COMMIT for an advisory lock the
test holds. The instance that is sending a report waits there; the test kills it (nginx answers the browser 502),
then lets go: the report's transaction commits, though no answer will ever reach the browser.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, text

from deploy.stack import Stack

LOCK = 7_262_002  # any number no other code of the stack uses as an advisory lock


class Hold:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.held = True

    def waiting_instance(self, timeout: float = 20) -> int:
        """The number of the web instance whose commit is waiting (its processes name themselves to PostgreSQL)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            names = self.connection.execute(
                text(
                    "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                )
            ).scalars()
            for name in names:
                if name.startswith("portal-web-"):
                    return int(name.removeprefix("portal-web-"))
            time.sleep(0.05)
        raise AssertionError(f"no web instance reached its commit within {timeout} s")

    def release(self) -> None:
        if self.held:
            self.connection.execute(text("SELECT pg_advisory_unlock(:lock)"), {"lock": LOCK})
            self.held = False


@contextmanager
def commits_of_reports_held(stack: Stack) -> Iterator[Hold]:
    engine = create_engine(stack.database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(
                text(
                    "CREATE FUNCTION stack_test_hold() RETURNS trigger LANGUAGE plpgsql AS"
                    f" $$ BEGIN PERFORM pg_advisory_xact_lock({LOCK}); RETURN NULL; END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE CONSTRAINT TRIGGER stack_test_hold AFTER INSERT ON report"
                    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stack_test_hold()"
                )
            )
            connection.execute(text("SELECT pg_advisory_lock(:lock)"), {"lock": LOCK})
            hold = Hold(connection)
            try:
                yield hold
            finally:
                hold.release()
                connection.execute(text("DROP TRIGGER stack_test_hold ON report"))
                connection.execute(text("DROP FUNCTION stack_test_hold()"))
    finally:
        engine.dispose()
