"""How many reports there are of each kind, for the triage queue's filter counts, kept exact by the transaction that
changes a report.

Counting on each request reads every report in the viewer's scope, so a borough's queue grew slower as the table
grew. Instead, each row here holds how many reports share one combination of what the queue counts by: the ward
(0 for a report with no known ward), the status, the type, the urgency, whether it is unassigned and whether it needs
attention. A page sums a few hundred of these rows however many reports there are. Three levels of rows:

- "ward": the full combination per ward, summed for an officer's wards or a supervisor's borough;
- "total": per ward and status only, for the status and ward counts (an administrator's 700-odd wards are then a
  few thousand rows, not a hundred thousand);
- "force": the full combination without the ward, split into SHARDS rows by ward (ward id modulo SHARDS), for an
  administrator's counts. Splitting means reports in different wards rarely update the same row.

What keeps the rows exact is one set of session events, so every code path that changes a report (submission,
`transition()`, triage, assignment, a victim adding information) is counted without knowing about it:

- before each flush, a report whose counted columns (or its ward or officer) are about to change is read back
  `FOR UPDATE`: the row as it really is in the database, locked, not the possibly stale copy in memory. Its rows
  are counted down;
- after the flush, new reports are counted from what was inserted, and changed ones are read back again and
  counted up. Submission writes its report with a plain INSERT, which no flush sees, and counts it itself from the
  values it wrote (`count_new`), in the same statement as the report on PostgreSQL: it reads nothing extra;
- just before the transaction commits, the changes are applied by one `INSERT ... ON CONFLICT DO UPDATE
  SET n = n + excluded.n` with a row of VALUES per changed count, rows in a fixed order (so two transactions
  never wait for each other in a cycle). Doing it last means
  the counter rows stay locked only while the transaction commits: submissions in the same ward do not queue behind
  each other's email rendering. A rollback discards the pending changes with the rest of the transaction.

Bulk statements (`session.execute(update(Report)...)`, `insert(Report)` with a list of rows) bypass the session's
flush, and so these counts: `flask --app portal cases counts` compares them with a recount of the reports, and
`--repair` rebuilds them (as `recount()` does for the benchmark's bulk-loaded reports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Integer,
    String,
    event,
    false,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column
from sqlalchemy.orm.attributes import instance_state

from portal.db_writes import Adding, adding_statement, insert_rows
from portal.models.base import Base
from portal.models.report import Report
from portal.sqlite import begin_write

WARD, TOTAL, FORCE = "ward", "total", "force"
SHARDS = 16
NO_WARD = 0  # the area of reports with no known ward (ward ids start at 1)

# The report's columns a count depends on, and the relationships that can set two of them during a flush. A
# restricted report (DPA 2018 s.47) is counted nowhere: restricting it counts it down, lifting it counts it up again.
KEY_COLUMNS = ("ward_id", "status", "report_type", "urgency", "assigned_to_id", "needs_attention", "restricted")
_KEY_RELATIONSHIPS = ("ward", "assigned_to")

COUNT_KEY = ("level", "area", "status", "report_type", "urgency", "unassigned", "needs_attention")
CountKey = tuple[str, int, str, str, int, bool, bool]


class ReportCount(Base):
    __tablename__ = "report_count"
    # SQLite keeps a table without a rowid in primary key order, so a scope's rows are read in one range.
    __table_args__ = {"sqlite_with_rowid": False}

    level: Mapped[str] = mapped_column(String(10), primary_key=True)  # WARD, TOTAL or FORCE
    area: Mapped[int] = mapped_column(Integer, primary_key=True)  # the ward id (NO_WARD), or the FORCE shard
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    report_type: Mapped[str] = mapped_column(String(40), primary_key=True)  # "" on TOTAL rows
    urgency: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0 on TOTAL rows
    unassigned: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    needs_attention: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


def count_keys(report: Sequence[Any]) -> list[CountKey]:
    """The rows a report with these KEY_COLUMNS values is counted in (none for a restricted report)."""
    ward_id, status, report_type, urgency, assigned_to_id, needs_attention, restricted = report
    if restricted:
        return []
    ward = ward_id or NO_WARD
    detail = (status, report_type, int(urgency), assigned_to_id is None, bool(needs_attention))
    return [(WARD, ward, *detail), (TOTAL, ward, status, "", 0, False, False), (FORCE, ward % SHARDS, *detail)]


def _key_select(ids: Iterable[int]) -> Any:
    return select(Report.id, *(getattr(Report, name) for name in KEY_COLUMNS)).where(Report.id.in_(sorted(ids)))


# ---- Keeping the counts: pending changes per transaction, applied just before it commits ----------------------

_PENDING = "report_count_pending"  # {SessionTransaction: Counter[CountKey]} in session.info
_REREAD = "report_count_reread"  # ids of changed reports to count up after the flush


def _pending(session: Session) -> Counter[CountKey]:
    transaction = session.get_nested_transaction() or session.get_transaction()
    return session.info.setdefault(_PENDING, {}).setdefault(transaction, Counter())  # type: ignore[no-any-return]


def _may_change_count(report: Report) -> bool:
    attrs = instance_state(report).attrs
    return any(attrs[name].history.has_changes() for name in (*KEY_COLUMNS, *_KEY_RELATIONSHIPS))


@event.listens_for(Session, "before_flush")
def _count_down_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    changing = {r.id for r in session.dirty if isinstance(r, Report) and r.id is not None and _may_change_count(r)}
    deleted = {r.id for r in session.deleted if isinstance(r, Report) and r.id is not None}
    if not changing and not deleted:
        return
    pending = _pending(session)
    connection = session.connection()
    _lock_sqlite_for_writing(connection)
    # FOR UPDATE: the row as committed by anyone, locked until this transaction ends (on PostgreSQL; on SQLite the
    # transaction now holds the database's single write lock).
    for row in connection.execute(_key_select(changing | deleted).with_for_update()):
        for key in count_keys(row[1:]):
            pending[key] -= 1
    session.info.setdefault(_REREAD, set()).update(changing)


def _lock_sqlite_for_writing(connection: Connection) -> None:
    """This flush is about to write. SQLite begins a write transaction only at the first write (portal/db.py), and
    a read before it sees whatever is committed at that moment: take the write lock now, as that first write would,
    so the rows read here cannot change before they are updated."""
    raw = connection.connection.dbapi_connection
    if connection.dialect.name != "sqlite" or raw is None or raw.in_transaction:
        return
    begin_write(raw)


@event.listens_for(Session, "after_flush")
def _count_up_after_flush(session: Session, _context: Any) -> None:
    reread = session.info.pop(_REREAD, set())
    new = [r for r in session.new if isinstance(r, Report)]
    if not new and not reread:
        return
    pending = _pending(session)
    for report in new:
        values = instance_state(report).dict
        # A column never set is not in the object's state: NULL, unless the database has a default for it.
        unset = [name for name in KEY_COLUMNS if name not in values]
        if any(Report.__table__.c[name].server_default is not None for name in unset):
            reread.add(report.id)  # the database chose the value: read back what it stored
            continue
        for key in count_keys([values.get(name) for name in KEY_COLUMNS]):
            pending[key] += 1
    if reread:
        for row in session.connection().execute(_key_select(reread)):
            for key in count_keys(row[1:]):
                pending[key] += 1


def count_new(report: Report) -> None:
    """Count a report written with a plain INSERT (submission's: portal.db_writes.insert_object), which no flush
    sees, from the values it was written with (the object holds each of them, defaults included): one upsert, written
    with the rows written together with the report (portal.db_writes.rows_together), last of them."""
    values = instance_state(report).dict
    keys = Counter(count_keys([values.get(name) for name in KEY_COLUMNS]))
    insert_rows(ReportCount, _rows(keys), adding=ADDING)


@event.listens_for(Session, "before_commit")
def _apply_before_commit(session: Session) -> None:
    session.flush()  # what commit would flush next: so its changes are counted too
    total: Counter[CountKey] = Counter()
    for pending in session.info.get(_PENDING, {}).values():
        total.update(pending)
        pending.clear()
    apply(session.connection(), total)


@event.listens_for(Session, "after_transaction_end")
def _discard_on_end(session: Session, transaction: SessionTransaction) -> None:
    # After a commit this is already empty; after a rollback its changes never happened.
    session.info.get(_PENDING, {}).pop(transaction, None)


def apply(connection: Connection, deltas: Counter[CountKey]) -> None:
    """Add `deltas` to the counts, a statement per UPSERT_ROWS rows (rows in key order, so concurrent transactions
    lock them in the same order)."""
    rows = _rows(deltas)
    for start in range(0, len(rows), UPSERT_ROWS):
        connection.execute(*adding_statement(ReportCount.__table__, rows[start : start + UPSERT_ROWS], ADDING))


def _rows(deltas: Counter[CountKey]) -> list[dict[str, Any]]:
    return [dict(zip(COUNT_KEY, key, strict=True), n=n) for key, n in sorted(deltas.items()) if n]


UPSERT_ROWS = 100
ADDING = Adding("n", COUNT_KEY)


def recount(connection: Connection) -> None:
    """Rebuild every count from the reports (the repair after a bulk statement). On PostgreSQL the counts are locked
    first: a report committed meanwhile is then either in the recount or added after it, never both or neither."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE report_count IN EXCLUSIVE MODE")
    connection.execute(ReportCount.__table__.delete())
    counted = Report.restricted.is_not(True)
    ward = func.coalesce(Report.ward_id, NO_WARD)
    unassigned = Report.assigned_to_id.is_(None)
    detail = (Report.status, Report.report_type, Report.urgency, unassigned, Report.needs_attention)
    blank = (literal_column("''"), literal_column("0"), false(), false())
    for level, area, grouped, constant in (
        (WARD, ward, detail, ()),
        (TOTAL, ward, (Report.status,), blank),
        (FORCE, ward % SHARDS, detail, ()),
    ):
        query = select(literal_column(f"'{level}'"), area, *grouped, *constant, func.count())
        query = query.where(counted).group_by(area, *grouped)
        connection.execute(insert(ReportCount).from_select([*COUNT_KEY, "n"], query))


def differences(connection: Connection) -> dict[CountKey, tuple[int, int]]:
    """Rows whose stored count differs from a recount: {key: (stored, actual)}. Empty when the counts are exact."""
    actual: Counter[CountKey] = Counter()
    reports = select(*(getattr(Report, name) for name in KEY_COLUMNS), func.count())
    for *values, n in connection.execute(reports.group_by(*(getattr(Report, name) for name in KEY_COLUMNS))):
        for key in count_keys(values):
            actual[key] += n
    stored: Counter[CountKey] = Counter()
    for row in connection.execute(select(ReportCount)):
        stored[tuple(row[:7])] += row.n  # type: ignore[index]
    return {key: (stored[key], actual[key]) for key in sorted(set(stored) | set(actual)) if stored[key] != actual[key]}
