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


Pending = list[tuple[Table, Rows, Adding | None]]  # rows waiting to be written together: table, rows, any adding


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
    pending: Pending = []
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
    write_as_one(connection, pending)


def write_as_one(connection: Connection, pending: Pending, lead: tuple[str, list[Any]] | None = None) -> Any:
    """The pending rows as one statement (PostgreSQL; every table `_as_one`), in the order given: after `lead` when
    there is one (a claim's SQL with parameters numbered from $1, and their values: claims.py). Its result."""
    lead_sql, lead_values = lead if lead is not None else (None, [])
    shape = tuple(
        (table, tuple(row), tuple(sorted((k, v.name) for k, v in row.items() if isinstance(v, Returned))), adding)
        for table, rows, adding in pending
        for row in rows
    )
    sql, columns = _statement(connection.dialect, lead_sql, len(lead_values), shape)
    rows = [row for _, table_rows, _ in pending for row in table_rows]
    values = lead_values + [
        _value(row, *column) for row, written in zip(rows, columns, strict=True) for column in written
    ]
    return _execute_numbered(connection, sql, values)


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


@lru_cache(maxsize=256)  # one per shape: the lead, and each row's table, columns and values read from the claim
def _statement(dialect: Any, lead: str | None, numbered: int, rows: tuple) -> tuple[str, list]:
    """One statement for rows of this shape (table, columns given, values read from the claim, any adding): an
    INSERT a row, in data-modifying WITHs, parameters numbered after the lead's `numbered`. For each row, the columns
    it takes parameters for: (key, its default, the type's conversion for the driver), defaults of those not given
    too. After a lead (`claimed AS (...)`), each row is an INSERT ... SELECT ... FROM claimed, which takes each
    parameter's type from its column, as VALUES does, and inserts nothing when the claim matched nothing; a value
    read from the claim is `claimed.<name>`, not a parameter."""
    quote, inserts, columns, given = dialect.identifier_preparer, [], [], numbered
    for table, keys, returned, adding in rows:
        from_claim = dict(returned)
        names, values, parameters = [], [], []
        for column in table.columns:
            if column.key not in keys and column.default is None:
                continue
            names.append(quote.quote(column.name))
            if column.key in from_claim:
                values.append(f"claimed.{quote.quote(from_claim[column.key])}")
            else:
                given += 1
                values.append(f"${given}")
                processor = column.type.dialect_impl(dialect).bind_processor(dialect)
                parameters.append((column.key, column.default, processor))
        source = f"SELECT {', '.join(values)} FROM claimed" if lead else f"VALUES ({', '.join(values)})"
        upsert = f" {_on_conflict(table, adding)}" if adding else ""
        inserts.append(f"INSERT INTO {quote.format_table(table)} ({', '.join(names)}) {source}{upsert}")
        columns.append(parameters)
    if lead:
        ctes = [f"claimed AS ({lead})", *(f"w{n} AS ({insert})" for n, insert in enumerate(inserts))]
        main = "SELECT * FROM claimed"
    else:
        ctes, main = [f"w{n} AS ({insert})" for n, insert in enumerate(inserts[:-1])], inserts[-1]
    return "WITH " + ", ".join(ctes) + " " + main, columns


def _value(row: dict[str, Any], key: str, default: Any, processor: Any) -> Any:
    value = row[key] if key in row else default.arg if default.is_scalar else default.arg(None)
    return processor(value) if processor is not None else value
