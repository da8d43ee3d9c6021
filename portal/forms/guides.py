"""The forms of "Where do I report this?" and "Lost or found something?". They are GET forms: answering changes
nothing, so they need no CSRF token and every page can be bookmarked or opened again with the back button."""

from __future__ import annotations

from typing import Any

from wtforms.validators import InputRequired

from portal.forms.base import BaseForm
from portal.forms.domain import Question, lost_found
from portal.forms.fields import ChoiceField, MultiChoiceField, radio
from portal.forms.validators import Exclusive


class GetForm(BaseForm):
    class Meta:
        csrf = False


def router_form(question: Question, formdata: Any) -> BaseForm:
    """One question of the router, named by its id so the answer lands in the query string under that name."""
    choices = [(option.value, option.label) for option in question.options]
    items = {"items": [{"hint": {"text": option.hint}} if option.hint else {} for option in question.options]}
    if question.multiple:
        field: Any = MultiChoiceField(
            question.text,
            choices=choices,
            validators=[InputRequired(question.error), Exclusive(question.exclusive, question.error)],
            description=question.hint or None,
            gov=items,
        )
    else:
        field = ChoiceField(
            question.text,
            choices=choices,
            validators=[InputRequired(question.error)],
            invalid_choice_message=question.error,
            description=question.hint or None,
            gov=items,
        )
    form_class = type("RouterQuestionForm", (GetForm,), {question.id: field})
    return form_class(formdata=formdata)


def _choices(choices: Any) -> list[tuple[str, str]]:
    return [(choice.value, choice.label) for choice in choices]


class LostForm(GetForm):
    item = radio("What have you lost?", _choices(lost_found.LOST_ITEMS), "Select what you have lost")
    place = radio("Where do you think you lost it?", _choices(lost_found.PLACES), "Select where you think you lost it")


class FoundForm(GetForm):
    item = radio(
        "What have you found?",
        [(item.value, item.label) for item in lost_found.FOUND_ITEMS],
        "Select what you have found",
        gov={"items": [{"hint": {"text": item.hint}} if item.hint else {} for item in lost_found.FOUND_ITEMS]},
    )
    place = radio("Where did you find it?", _choices(lost_found.FOUND_PLACES), "Select where you found it")
