"""Forms for /track and the victim's case pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import MultipleFileField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.core import clock
from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import PARTS_OF_DAY, REQUEST_KINDS, references
from portal.forms.fields import LongTextField, MultiChoiceField, TextField, choices_of, radio
from portal.forms.validators import Email, UkPhone

REFERENCE_FORMAT = "Enter your reference in the correct format, like HKR7-M3XQ-9TB4"


class LookupForm(BaseForm):
    reference = TextField(
        "Reference number",
        [InputRequired(messages.ENTER.format(what="your reference number")), Length(max=40, message=REFERENCE_FORMAT)],
        description="You can find it in your confirmation email or on the page you saw after reporting. "
        "For example, HKR7-M3XQ-9TB4.",
        gov={
            "classes": "govuk-input--width-20 govuk-input--extra-letter-spacing",
            "spellcheck": False,
            "autocomplete": "off",
        },
    )
    email = TextField(
        "Email address",
        [
            InputRequired(messages.ENTER.format(what="the email address you gave when you reported")),
            Length(max=320, message=messages.EMAIL_FORMAT),
            Email(),
        ],
        description="The email address you gave when you reported.",
        gov={"autocomplete": "email", "type": "email", "spellcheck": False},
    )

    def validate_reference(self, field: Any) -> None:
        # The check character is public arithmetic: a typing mistake can be pointed out without revealing anything.
        if field.data and not references.is_valid(field.data):
            raise ValidationError(REFERENCE_FORMAT)


class ConfirmForm(BaseForm):
    """A button and its CSRF token: signing in, signing out."""


class AddInformationForm(BaseForm):
    message = LongTextField(
        "What do you want to tell us?",
        required=messages.ENTER.format(what="what you want to tell us"),
        max_length=5000,
        what="Your message",
        description="For example, something else that has happened, a name or vehicle you have remembered, or "
        "details of a witness.",
    )
    files = MultipleFileField(
        "Add files (optional)",
        widget=GovFileInput(),
        description="Photos, videos, documents or recordings. You can choose more than one file.",
    )

    def validate_message(self, field: Any) -> None:
        # Spaces alone pass InputRequired (it reads the raw value) but are stripped to nothing.
        if not (field.data or "").strip():
            raise ValidationError(messages.ENTER.format(what="what you want to tell us"))


MAX_SLOTS = 3
SLOT_DAYS = 5


def slot_choices(today: date) -> list[tuple[str, str]]:
    """The next few working days, each split into parts of the day."""
    choices, day = [], today
    while len(choices) < SLOT_DAYS * len(PARTS_OF_DAY):
        day += timedelta(days=1)
        if clock.is_working_day(day):
            choices += [
                (f"{day.isoformat()}_{part}", f"{day:%A %-d %B}, {label}") for part, label in PARTS_OF_DAY.items()
            ]
    return choices


class RequestContactForm(BaseForm):
    kind = radio(
        "What would you like?",
        list(REQUEST_KINDS.items()),
        messages.SELECT_ONE.format(what="a call back or an appointment"),
        gov={
            "items": [
                {"hint": {"text": "An officer will phone you."}},
                {"hint": {"text": "Meet an officer at a police station front counter. Not every borough has one."}},
            ]
        },
    )
    slots = MultiChoiceField(
        "When would suit you?",
        validators=[InputRequired("Select at least one time that suits you")],
        description=f"Select up to {MAX_SLOTS}. An officer will confirm the time with you.",
    )
    phone = TextField(
        "Phone number to call (optional)",
        [Optional(), Length(max=30, message=messages.PHONE_FORMAT), UkPhone()],
        description="Leave this blank to use the number you gave when you reported.",
        gov={"autocomplete": "tel", "type": "tel", "classes": "govuk-input--width-20"},
    )
    note = LongTextField(
        "Anything we should know? (optional)",
        max_length=500,
        what="Your note",
        description="For example, if you need an interpreter or step-free access.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots.choices = choices_of(slot_choices(today))

    def validate_slots(self, field: Any) -> None:
        if field.data and len(field.data) > MAX_SLOTS:
            raise ValidationError(f"Select no more than {MAX_SLOTS} times")

    def chosen_slots(self) -> list[tuple[date, str]]:
        chosen = []
        for value in self.slots.data or []:
            day, _sep, part = value.partition("_")
            chosen.append((date.fromisoformat(day), part))
        return chosen


class SupportForm(BaseForm):
    services = MultiChoiceField(
        "Which services do you want us to refer you to?",
        validators=[InputRequired("Select the services you want us to refer you to")],
        description="We will pass your name and contact details to them, and they will contact you. Select all that "
        "apply.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services.choices = choices_of(choices)
