"""Answers are stored as JSON; forms are rebuilt from them as if the reporter had typed them again.

Rebuilding from form data (rather than setting `.data`) means every validator runs again at submission, exactly as
it did on the page.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import DateField, Field, SelectMultipleField
from wtforms.form import BaseForm as WTBaseForm

SKIPPED_FIELDS = ("csrf_token", "submit")


def answer_fields(form: WTBaseForm) -> list[Field]:
    return [field for name, field in form._fields.items() if name not in SKIPPED_FIELDS]


def field_to_json(field: Field) -> Any:
    value = field.data
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return value


def form_to_json(form: WTBaseForm) -> dict[str, Any]:
    return {field.name: field_to_json(field) for field in answer_fields(form)}


@cache
def _unbound_fields(form_class: type) -> dict[str, Any]:
    return {name: getattr(form_class, name) for name in dir(form_class) if not name.startswith("_")}


def json_to_formdata(form_class: type, answer: dict[str, Any] | None) -> MultiDict:
    """Form data that reproduces `answer` when posted to `form_class`."""
    data: MultiDict = MultiDict()
    if not answer:
        return data
    unbound = _unbound_fields(form_class)
    for name, value in answer.items():
        field = unbound.get(name)
        field_class = getattr(field, "field_class", None)
        if value is None or value is False:
            continue
        if field_class is not None and issubclass(field_class, DateField) and isinstance(value, str):
            year, month, day = value.split("-")
            for part in (str(int(day)), str(int(month)), year):
                data.add(name, part)
        elif field_class is not None and issubclass(field_class, SelectMultipleField) or isinstance(value, list):
            for item in value:
                data.add(name, str(item))
        elif value is True:
            data.add(name, "y")
        else:
            data.add(name, str(value))
    return data
