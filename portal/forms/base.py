"""The base every form builds on: CSRF from Flask-WTF, and every text answer cleaned (portal/core/text.py): surrounding
whitespace, control characters (NUL included) and bidirectional overrides removed before any validator sees it."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms.fields import FileField

from portal.core.text import clean_answer


def _strip(value: Any) -> Any:
    return clean_answer(value) if isinstance(value, str) else value


def _not_a_file(value: Any) -> Any:
    # Flask-WTF reads files and form fields together, so a file posted under a text field's name arrives as its
    # value; to a question that wants text it is no answer at all.
    return "" if isinstance(value, FileStorage) else value


class BaseForm(FlaskForm):
    # Every answer given so far, when the form is a step of a report (the journey engine sets it): cross-step rules
    # read earlier answers here.
    journey_answers: Any = None

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters:
                wanted = [_strip] if issubclass(unbound_field.field_class, FileField) else [_not_a_file, _strip]
                unbound_field.kwargs["filters"] = [*wanted, *filters]
            return unbound_field.bind(form=form, **options)
