"""How an answer reads on check-your-answers, in the stored record and to staff: labels of choices, not codes."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, Field, RadioField, SelectField, SelectMultipleField

NOT_GIVEN = "Not given"


def label(field: Field) -> str:
    return getattr(field, "summary_label", None) or field.label.text


def value(field: Field) -> str:
    data = field.data
    if isinstance(field, BooleanField):
        return "Yes" if data else "No"
    if isinstance(field, SelectMultipleField):
        choices = dict(_choices(field))
        return "\n".join(choices.get(item, item) for item in data or []) or NOT_GIVEN
    if isinstance(field, RadioField | SelectField):
        return dict(_choices(field)).get(data, NOT_GIVEN) if data else NOT_GIVEN
    if isinstance(data, date):
        return f"{data.day} {data:%B %Y}"
    if data is None or data == "":
        return NOT_GIVEN
    formatter = getattr(field, "display", None)
    return formatter(data) if formatter else str(data)


def _choices(field: Field) -> list[tuple[str, str]]:
    return [(choice.value, choice.label) for choice in field.choices or []]
