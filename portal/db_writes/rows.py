"""Plain writes for hot paths, below the ORM's unit of work: rows nothing reads back as objects (an event, an email,
a token), a row written and then used as an object (a submitted report), and rows written together.

Rows written together (`rows_together()`) go, on PostgreSQL, in one statement: each table's rows an INSERT in a
data-modifying WITH. That is one round trip to the database instead of one per table, and on a hot path the round
trips are most of what a row costs (submitting a report: docs/performance.md). A claim can lead them (`claiming()`,
claims.py): the conditional UPDATE that lets the caller write them becomes the first part of the same statement, and
each row is written only if it matched. SQLite runs in the web process, where a statement costs no round trip, and
writes them one statement each as before, after the claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from psycopg import RawCursor
from sqlalchemy import Connection, Table, TextClause, text
from sqlalchemy.orm import DeclarativeBase, make_transient_to_detached

from portal.db import session

# Tables whose writes session events watch (the public content's version): always written through the ORM.
WATCHED_TABLES: set[str] = set()
_TOGETHER = "rows_together"
_LED = "rows_led_by_a_claim"  # objects inserted in a claim's block, given what it returned as the block ends

Model = TypeVar("Model", bound=DeclarativeBase)
Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Adding:
    """An upsert for counters: where a row with the same `key` exists, add the new row's `column` to it."""

    column: str
    key: tuple[str, ...]


def insert_rows(model: type[DeclarativeBase], rows: Rows, adding: Adding | None = None) -> None:
    """Insert rows that nothing reads back as objects in this transaction (an event, an email, a token), in the
    current session's transaction: now, or within `rows_together()` as that block ends. A plain INSERT: the unit of
    work's bookkeeping for a new object, and fetching its id back, cost more than the row itself on a hot path.
    Column defaults apply."""
    if not rows:
        return
    pending = session.info.get(_TOGETHER)
    if pending is not None:
        pending.append((model.__table__, rows, adding))
    else:
        _write(model.__table__, rows, adding)


def insert_object(model: type[Model], values: dict[str, Any]) -> Model:
    """Insert one row with a plain INSERT, in the current session's transaction, and give it back as a persistent
    object of the session, as if it had been read: for a row a hot path writes and then reads (a submitted report),
    without the unit of work's bookkeeping or a read back. Within `rows_together()`, a row whose id is given waits to
    be written with the others; within `claiming()` on PostgreSQL its id is the claim's (`Claim.new_id`), and the
    object becomes persistent, with what the claim returned, as the block ends. Columns with a constant default not
    in `values` are given it here, so the object holds them; others (times made by a function) are read back only if
    used. Session events see no new object: whatever they keep for new rows (report counts) is the caller's to do."""
    table = model.__table__  # type: ignore[attr-defined]
    row = dict(values)
    for column in table.columns:
        if column.key not in row and column.default is not None and column.default.is_scalar:
            row[column.key] = column.default.arg
    primary_key = table.primary_key.columns[0].key
    pending, led = session.info.get(_TOGETHER), session.info.get(_LED)
    assert led is None or row.get(primary_key) is not None, "a row written with a claim takes its id from the claim"
    if pending is not None and row.get(primary_key) is not None:
        pending.append((table, [row], None))
        key = row[primary_key]
    else:
        (key,) = session.execute(table.insert(), row).inserted_primary_key or (None,)
    obj = model(**row)
    setattr(obj, primary_key, key)
    if led is not None and any(isinstance(value, Returned) for value in row.values()):
        led.append(obj)  # a persistent object once the claim has given its values (claiming())
        return obj
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


@dataclass(frozen=True)
class Returned:
    """Stands for a value the claim returns (its RETURNING's `name`) in rows written with it on PostgreSQL: the
    statement reads it from the claim, and objects inserted in the block are given it as the block ends."""

    name: str


@contextmanager
def rows_together() -> Iterator[None]:
    """The rows given to insert_rows (and insert_object, with an id) in this block are written as it ends, in the
    order given: on PostgreSQL in one statement. An error inside the block writes none of them."""
    assert _TOGETHER not in session.info, "rows_together() blocks do not nest"
    pending: list[tuple[Table, Rows, Adding | None]] = []
    session.info[_TOGETHER] = pending
    try:
        yield
    finally:
        del session.info[_TOGETHER]
    connection = session.connection()
    if len(pending) < 2 or not all(_as_one(connection, table, rows) for table, rows, _ in pending):
        for entry in pending:
            _write(*entry)
        return
    sql, shapes = _together_statement(connection.dialect, tuple((t, tuple(r[0]), len(r), a) for t, r, a in pending))
    values = [
        _value(row, *column)
        for (_, rows, _), shape in zip(pending, shapes, strict=True)
        for row in rows
        for column in shape
    ]
    _execute_numbered(connection, sql, values)


def _execute_numbered(connection: Connection, sql: str, values: list[Any]) -> Any:
    # Numbered parameters ($1, $2, ...) sent as they are: psycopg would otherwise rewrite its own placeholders in
    # the text on every call (it keeps the rewriting only for short statements with few parameters).
    driver = connection.connection.driver_connection
    factory, driver.cursor_factory = driver.cursor_factory, RawCursor  # type: ignore[union-attr]
    try:
        return connection.exec_driver_sql(sql, tuple(values))
    finally:
        driver.cursor_factory = factory  # type: ignore[union-attr]


def _write(table: Table, rows: Rows, adding: Adding | None) -> None:
    if adding is None:
        session.execute(table.insert(), rows[0] if len(rows) == 1 else rows)
    else:
        session.execute(*adding_statement(table, rows, adding))


def adding_statement(table: Table, rows: Rows, adding: Adding) -> tuple[TextClause, dict[str, Any]]:
    """The upsert that adds `rows` to the counters in `table` (every row with the same columns): one statement."""
    keys = tuple(rows[0])
    values = {f"{key}_{n}": row[key] for n, row in enumerate(rows) for key in keys}
    return _adding_text(table, keys, adding, len(rows)), values


@lru_cache(maxsize=256)  # one per number of rows, up to a chunk's
def _adding_text(table: Table, keys: tuple[str, ...], adding: Adding, count: int) -> TextClause:
    # SQL text: SQLAlchemy does not cache the compiled form of its dialects' INSERT ... ON CONFLICT, and SQLite (3.24+)
    # and PostgreSQL both accept this one.
    rows = ", ".join("(" + ", ".join(f":{key}_{n}" for key in keys) + ")" for n in range(count))
    return text(f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES {rows} {_on_conflict(table, adding)}")


def _on_conflict(table: Table, adding: Adding) -> str:
    column, name = adding.column, table.name
    return f"ON CONFLICT ({', '.join(adding.key)}) DO UPDATE SET {column} = {name}.{column} + excluded.{column}"


def _as_one(connection: Connection, table: Table, rows: Rows) -> bool:
    """Whether these rows can join the one statement: PostgreSQL, a table no session event watches, one set of
    columns, and every default one that Python gives (not SQL run by the database)."""
    if connection.dialect.name != "postgresql" or table.name in WATCHED_TABLES:
        return False
    keys = rows[0].keys()
    return all(row.keys() == keys for row in rows) and _defaults_in_python(table, frozenset(keys))


@lru_cache(maxsize=256)
def _defaults_in_python(table: Table, keys: frozenset[str]) -> bool:
    missing = [column for column in table.columns if column.key not in keys and column.default is not None]
    return all(column.default.is_scalar or column.default.is_callable for column in missing)


@lru_cache(maxsize=256)  # one per shape: the tables, their columns and how many rows each
def _together_statement(dialect: Any, shapes: tuple[tuple[Table, tuple[str, ...], int, Any], ...]) -> tuple[str, list]:
    """The SQL for rows of these shapes (table, columns given, how many rows, any adding), and for each table the
    columns it writes: (key, its default, the type's conversion for the driver), defaults of those not given too."""
    quote, parts, columns, given = dialect.identifier_preparer, [], [], 0
    for table, keys, count, adding in shapes:
        shape = _written(dialect, table, keys)
        names = ", ".join(quote.quote(table.c[key].name) for key, _, _ in shape)
        rows = []
        for _ in range(count):
            rows.append("(" + ", ".join(f"${number}" for number in range(given + 1, given + len(shape) + 1)) + ")")
            given += len(shape)
        upsert = f" {_on_conflict(table, adding)}" if adding else ""
        parts.append(f"INSERT INTO {quote.format_table(table)} ({names}) VALUES {', '.join(rows)}{upsert}")
        columns.append(shape)
    *first, last = parts
    return "WITH " + ", ".join(f"w{n} AS ({part})" for n, part in enumerate(first)) + " " + last, columns


def _written(dialect: Any, table: Table, keys: tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    """The columns a row with `keys` writes: (key, its default, the type's conversion for the driver), those with a
    default that the row does not give too."""
    return [
        (column.key, column.default, column.type.dialect_impl(dialect).bind_processor(dialect))
        for column in table.columns
        if column.key in keys or column.default is not None
    ]


def _value(row: dict[str, Any], key: str, default: Any, processor: Any) -> Any:
    value = row[key] if key in row else default.arg if default.is_scalar else default.arg(None)
    return processor(value) if processor is not None else value
