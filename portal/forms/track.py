"""Forms for /track and the victim's case pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import MultipleFileField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.core import clock as working_clock
from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import LongTextField, MultiChoiceField, TextField, choices_of, radio
from portal.forms.validators import Email, Exclusive, UkPhone
from portal.report_types.common import CHANNELS, UNSAFE_CHOICES
from portal.services.reporting import references
from portal.services.tracking.actions import PARTS_OF_DAY, REQUEST_KINDS

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


def interval_choices(standard: int) -> list[tuple[str, str]]:
    """Update intervals the victim can choose: the force's standard and more frequent ones."""
    days = sorted({7, 14, standard}, reverse=True)
    return [(str(n), f"Every {n} days" + (" (the standard)" if n == standard else "")) for n in days]


class ContactPreferencesForm(BaseForm):
    preferred = radio(
        "How would you prefer us to contact you?", CHANNELS, messages.SELECT_ONE.format(what="how to contact you")
    )
    times = TextField(
        "When is a good time to contact you? (optional)",
        [Optional(), Length(max=200, message=messages.TOO_LONG.format(what="Contact times", max=200))],
        description="For example, weekdays after 6pm.",
    )
    unsafe = MultiChoiceField(
        "Is there any way it is not safe to contact you?",
        choices=UNSAFE_CHOICES,
        validators=[
            InputRequired("Select any ways it is not safe to contact you, or select 'All are safe'"),
            Exclusive(message=messages.ALL_SAFE_EXCLUSIVE),
        ],
        description="For example, if someone else reads your email, answers your phone or opens your post.",
    )
    interval = radio(
        "How often do you want updates?",
        [],
        messages.SELECT_ONE.format(what="how often you want updates"),
        description="We will also tell you straight away about important decisions, such as an arrest or charge.",
    )

    def validate_preferred(self, field: Any) -> None:
        if self.unsafe.data and field.data in self.unsafe.data:
            labels = dict(CHANNELS)
            raise ValidationError(messages.PREFERRED_UNSAFE.format(channel=labels[field.data].lower()))

    def __init__(self, *args: Any, standard_interval: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interval.choices = choices_of(interval_choices(standard_interval))

    def interval_days(self) -> int:
        return int(self.interval.data)


MAX_SLOTS = 3
SLOT_DAYS = 5


def slot_choices(today: date) -> list[tuple[str, str]]:
    """The next few working days, each split into parts of the day."""
    choices, day = [], today
    while len(choices) < SLOT_DAYS * len(PARTS_OF_DAY):
        day += timedelta(days=1)
        if working_clock.is_working_day(day):
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
                {"hint": {"text": "Meet an officer at your borough's police station front counter."}},
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
