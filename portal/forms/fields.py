"""The portal's one field vocabulary: WTForms fields with GOV.UK widgets, GOV.UK messages, and the extra parameters
templates pass to the GOV.UK macros (widths, prefixes, hints on radio items). Every form, public or staff, is built
from these."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.numbers import MAX_ID, whole_number
from portal.forms import messages
from portal.forms.validators import NotInFuture


class GovParams:
    """Extra GOV.UK macro parameters and check-your-answers wording carried by a field."""

    def __init__(
        self, *args: Any, gov: dict[str, Any] | None = None, summary_label: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.gov = gov or {}
        self.summary_label = summary_label


class TextField(GovParams, StringField):
    widget = GovTextInput()


class CountedTextArea(GovCharacterCount):
    """A textarea with GOV.UK's character count, which always shows the field's own limit."""

    def __call__(self, field: Field, **kwargs: Any) -> Any:
        params = {"maxlength": field.max_length, **kwargs.pop("params", {})}  # type: ignore[attr-defined]
        return super().__call__(field, params=params, **kwargs)


class LongTextField(GovParams, TextAreaField):
    """Free text with a character count. Stored verbatim; every template escapes it."""

    widget = CountedTextArea()

    def __init__(self, label: str, *, required: str | None = None, max_length: int = 2000, **kwargs: Any) -> None:
        what = kwargs.pop("what", label)
        # DataRequired reads the stripped answer: spaces alone are not an answer.
        validators = [DataRequired(required) if required else Optional()]
        validators.append(Length(max=max_length, message=messages.TOO_LONG.format(what=what, max=max_length)))
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length


def too_long(what: str, max_length: int) -> Length:
    """A length limit whose message names the answer in our voice ("Vehicle make must be 50 characters or fewer"),
    never WTForms' own "Field cannot be longer than 50 characters"."""
    return Length(max=max_length, message=messages.TOO_LONG.format(what=what[0].upper() + what[1:], max=max_length))


def text(label: str, what: str, max_length: int, *, required: bool = True, **kwargs: Any) -> TextField:
    """A one-line answer of at most `max_length` characters. `what` names it in messages: "Enter the title",
    "The title must be 200 characters or fewer"."""
    first = DataRequired(messages.ENTER.format(what=what)) if required else Optional()
    return TextField(label, [first, too_long(what, max_length), *kwargs.pop("validators", [])], **kwargs)


class PasswordInputField(GovParams, PasswordField):
    widget = GovPasswordInput()


class SelectOneField(GovParams, SelectField):
    """A drop-down list: for long lists (officers, wards) where radios would not fit."""

    widget = GovSelect()

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, choices=choices_of(choices), **kwargs)


class WholeNumberField(GovParams, IntegerField):
    """A whole number, read from ASCII digits only, whose parse error reads like every other GOV.UK message."""

    widget = GovTextInput()

    def __init__(self, *args: Any, message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parse_message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        # Its own range check (NumberRange) says what is allowed; this only refuses what is not a number at all, or
        # is too long to be one worth reading.
        self.data = whole_number(str(valuelist[0]), maximum=MAX_ID)
        if self.data is None:
            raise ValueError(self.parse_message)


def choices_of(pairs: Any) -> list[SelectChoice] | None:
    """(value, label) pairs as WTForms' SelectChoice (plain tuples are deprecated in WTForms 3.3)."""
    if pairs is None:
        return None
    return [pair if isinstance(pair, SelectChoice) else SelectChoice(pair[0], pair[1]) for pair in pairs]


class ChoiceField(GovParams, RadioField):
    widget = GovRadioInput()

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, choices=choices_of(choices), **kwargs)


class MultiChoiceField(GovParams, SelectMultipleField):
    widget = GovCheckboxesInput()

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", "Select from the options given")
        super().__init__(*args, choices=choices_of(choices), **kwargs)


class CheckboxField(GovParams, BooleanField):
    widget = GovCheckboxInput()


# No report, meeting or payment the portal records is older than this; earlier years are typing mistakes.
MIN_YEAR = 1900


class GovDateField(GovParams, DateField):
    """Day, month and year boxes. Any date that is not real gets one GOV.UK message rather than WTForms' own."""

    widget = GovDateInput()

    def __init__(self, label: str, *, what: str, required: str, past: bool = True, **kwargs: Any) -> None:
        validators = [InputRequired(required)]
        if past:
            validators.append(NotInFuture(what))
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.what = what

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        # The GOV.UK widget needs exactly day, month and year (or nothing): a hand-made post may send fewer.
        if not self.raw_data:
            self.raw_data = None
            return
        # Shown again in the boxes: text only (a file posted under the field's name shows as nothing).
        parts = [part if isinstance(part, str) else "" for part in self.raw_data[:3]]
        self.raw_data = [*parts, *[""] * (3 - len(parts))]

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if len(valuelist) != 3:
            raise ValueError(messages.DATE_REAL.format(what=self.what))
        if not any(str(part).strip() for part in valuelist):
            return  # nothing typed: InputRequired says what to enter
        # Day, month and year as ASCII digits, each in its range (strptime would take other scripts' digits for some
        # parts and not others, and any year from 1 to 9999).
        day, month, year = (whole_number(str(part), maximum=9999) for part in valuelist)
        if day is None or month is None or year is None or len(str(valuelist[2]).strip()) != 4:
            raise ValueError(messages.DATE_REAL.format(what=self.what))
        if year < MIN_YEAR:
            raise ValueError(messages.DATE_YEAR.format(what=self.what, year=MIN_YEAR))
        try:
            self.data = date(year, month, day)
        except ValueError:
            raise ValueError(messages.DATE_REAL.format(what=self.what)) from None


def radio(label: str, choices: list[tuple[str, str]], message: str, **kwargs: Any) -> ChoiceField:
    return ChoiceField(
        label, choices=choices, validators=[InputRequired(message)], invalid_choice_message=message, **kwargs
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, message: str = messages.YES_NO, **kwargs: Any) -> ChoiceField:
    return radio(label, YES_NO, message, gov={"classes": "govuk-radios--inline"}, **kwargs)


def field_params(field: Field, heading: bool = False) -> dict[str, Any]:
    """Parameters for the field's GOV.UK macro: its own extras, and the label or legend as the page heading when
    the page asks one question (the GOV.UK question-page pattern)."""
    params = deepcopy(getattr(field, "gov", {}))
    widget = field.widget
    if isinstance(widget, GovCheckboxInput):
        pass
    elif isinstance(widget, GovRadioInput | GovCheckboxesInput | GovDateInput):
        size = "l" if heading else "s"
        legend = {"text": field.label.text, "isPageHeading": heading, "classes": f"govuk-fieldset__legend--{size}"}
        params["fieldset"] = {"legend": legend}
        if not field.description:
            params["hint"] = None
    else:
        size = "l" if heading else "s"
        params["label"] = {"text": field.label.text, "isPageHeading": heading, "classes": f"govuk-label--{size}"}
    if isinstance(field, LongTextField):
        params["maxlength"] = field.max_length
    return params
