"""Plain writes for hot paths, below the ORM's unit of work (rows.py), and a claim leading them (claims.py)."""

from portal.db_writes.claims import Claim, NotClaimed, claiming
from portal.db_writes.rows import (
    WATCHED_TABLES,
    Adding,
    Returned,
    adding_statement,
    insert_object,
    insert_rows,
    rows_together,
)

__all__ = [
    "WATCHED_TABLES",
    "Adding",
    "Claim",
    "NotClaimed",
    "Returned",
    "adding_statement",
    "claiming",
    "insert_object",
    "insert_rows",
    "rows_together",
]
