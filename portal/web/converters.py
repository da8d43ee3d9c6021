"""URL converters that refuse what the database cannot look up.

Werkzeug's `<int:...>` matches `\\d+`, which in Python is any script's digits, and converts numbers of any size: a
URL like /staff/reports/99999999999999999999 reached the database and failed there (out of range on PostgreSQL, an
overflow on SQLite), so a mistyped address answered 500. Ours matches ASCII digits only and stops at the largest id
a column holds; anything else is simply not found.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.core.numbers import MAX_ID


class BoundedIntConverter(IntegerConverter):
    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's own parameter name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Must run before any blueprint is registered: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = BoundedIntConverter
