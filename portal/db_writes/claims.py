"""A claim leading rows written together: the conditional UPDATE that lets a caller write them, and the rows, in
one statement on PostgreSQL (`claiming()`); on SQLite the claim first, then the rows as rows_together() writes them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, Update, func
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.engine import Compiled
from sqlalchemy.orm import DeclarativeBase, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

from portal.db import session
from portal.db_writes.rows import _LED, _TOGETHER, Pending, Returned, _as_one, rows_together, write_as_one


class NotClaimed(Exception):
    """The claim matched no row: nothing in its block was written."""


class Claim:
    """What a claim returns, by name: the value itself where the claim has already run (SQLite), else `Returned`."""

    def __init__(self, returned: Mapping[str, Any] | None) -> None:
        self._returned = returned

    def __getitem__(self, name: str) -> Any:
        return Returned(name) if self._returned is None else self._returned[name]

    @property
    def new_id(self) -> Returned | None:
        """The id of the row the claim lets the caller insert, taken from its table's sequence by the claim on
        PostgreSQL (to give insert_object); None on SQLite, which numbers a row as it is inserted."""
        return Returned(_NEW_ID) if self._returned is None else None


_NEW_ID = "new_id"


@contextmanager
def claiming(statement: Update, parameters: dict[str, Any], model: type[DeclarativeBase]) -> Iterator[Claim]:
    """Claim one row with a conditional UPDATE (`statement`, whose RETURNING gives what the rows need) and write the
    rows the block gives insert_rows and insert_object only if it matched: NotClaimed otherwise, with nothing written.

    On PostgreSQL the claim and the rows are one statement, one round trip: the claim leads (`WITH claimed AS (UPDATE
    ... RETURNING ...)`), also taking the next id of `model`'s table, and each row is an `INSERT ... SELECT ... FROM
    claimed`, so none is written if it matched nothing; `claim[name]` and `claim.new_id` are `Returned`, read from
    the claim in SQL. The statement is not run through the ORM: columns the UPDATE would set by their `onupdate`
    must be given. SQLite runs in the web process, where a statement costs no round trip: it claims first, before the
    block, and writes the rows as rows_together() does, with the values the claim returned."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        returned = session.execute(statement, parameters).first()
        if returned is None:
            raise NotClaimed
        with rows_together():
            yield Claim(returned._mapping)
        return
    assert _TOGETHER not in session.info, "rows_together() blocks do not nest"
    pending: Pending = []
    objects: list[Any] = []
    session.info[_TOGETHER], session.info[_LED] = pending, objects
    try:
        yield Claim(None)
    finally:
        del session.info[_TOGETHER], session.info[_LED]
    returned = _write_led(connection, _taking_id(statement, model.__table__), parameters, pending)
    if returned is None:
        raise NotClaimed
    for obj in objects:
        for key, value in list(instance_state(obj).dict.items()):
            if isinstance(value, Returned):
                setattr(obj, key, returned._mapping[value.name])
        make_transient_to_detached(obj)
        session.add(obj)


@cache
def _taking_id(statement: Update, table: Table) -> Update:
    column = table.primary_key.columns[0].name
    return statement.returning(func.nextval(func.pg_get_serial_sequence(table.name, column)).label(_NEW_ID))


def _write_led(connection: Connection, claim: Update, parameters: dict[str, Any], pending: Pending) -> Any:
    """The claim and the rows in one statement (claiming()): what the claim returned, or None if it matched nothing."""
    assert all(_as_one(connection, table, rows) for table, rows, _ in pending), "rows led by a claim join its statement"
    compiled, names, processors = _numbered_claim(claim)
    bound = compiled.construct_params(parameters)  # the caller's values, and those the statement holds itself
    values = [
        processor(bound[name]) if processor is not None else bound[name]
        for name, processor in zip(names, processors, strict=True)
    ]
    return write_as_one(connection, pending, (compiled.string, values)).first()


# PostgreSQL with numbered parameters, for a claim's SQL leading the rows' (which number theirs after it).
_NUMBERED = postgresql_psycopg.dialect(paramstyle="numeric_dollar")


@cache
def _numbered_claim(claim: Update) -> tuple[Compiled, tuple[str, ...], tuple[Any, ...]]:
    """The claim compiled with numbered parameters, their names in number order and each one's conversion."""
    compiled = claim.compile(dialect=_NUMBERED)
    names = tuple(compiled.positiontup or ())  # type: ignore[attr-defined]
    types = [compiled.binds[name].type for name in names]  # type: ignore[attr-defined]
    return compiled, names, tuple(t.dialect_impl(_NUMBERED).bind_processor(_NUMBERED) for t in types)
