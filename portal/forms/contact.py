"""How a reporter or victim wants to be contacted: the one contact-preferences form, used at the end of a report
and on the victim's case page (which adds how often they want updates)."""

from __future__ import annotations

from typing import Any

from wtforms import ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import MultiChoiceField, TextField, choices_of, radio
from portal.forms.validators import Exclusive

CHANNELS = [("email", "Email"), ("phone", "Phone call"), ("text", "Text message")]
UNSAFE_CHOICES = [*CHANNELS, ("letter", "Letter"), ("visit", "A visit from an officer"), ("none", "All are safe")]


class ContactPreferencesForm(BaseForm):
    preferred = radio(
        "How would you prefer us to contact you?", CHANNELS, messages.SELECT_ONE.format(what="how to contact you")
    )
    times = TextField(
        "When is a good time to contact you? (optional)",
        [Optional(), Length(max=200, message=messages.TOO_LONG.format(what="Contact times", max=200))],
        description="For example, weekdays after 6pm.",
        summary_label="Good times to contact",
    )
    unsafe = MultiChoiceField(
        "Is there any way it is not safe to contact you?",
        choices=UNSAFE_CHOICES,
        validators=[
            InputRequired("Select any ways it is not safe to contact you, or select 'All are safe'"),
            Exclusive(message=messages.ALL_SAFE_EXCLUSIVE),
        ],
        description="For example, if someone else reads your email, answers your phone or opens your post. "
        "We will never use a way you tell us is not safe.",
        summary_label="Not safe to contact by",
    )

    def validate_preferred(self, field: Any) -> None:
        if field.data not in dict(CHANNELS):
            return  # not one of the choices: the field's own check has said so
        if self.unsafe.data and field.data in self.unsafe.data:
            raise ValidationError(messages.PREFERRED_UNSAFE.format(channel=dict(CHANNELS)[field.data].lower()))
        # In a report, the channel must be one the reporter gave details for on the page before.
        answers = self.journey_answers
        if answers is None:
            return
        if field.data == "email" and not answers.get("email"):
            raise ValidationError(messages.PREFERRED_NEEDS_EMAIL)
        if field.data in ("phone", "text") and not answers.get("phone"):
            raise ValidationError(messages.PREFERRED_NEEDS_PHONE)


def interval_choices(standard: int) -> list[tuple[str, str]]:
    """Update intervals the victim can choose: the force's standard and more frequent ones."""
    days = sorted({7, 14, standard}, reverse=True)
    return [(str(n), f"Every {n} days" + (" (the standard)" if n == standard else "")) for n in days]


class CaseContactPreferencesForm(ContactPreferencesForm):
    """On the victim's case page, the same questions and how often they want updates."""

    interval = radio(
        "How often do you want updates?",
        [],
        messages.SELECT_ONE.format(what="how often you want updates"),
        description="We will also tell you straight away about important decisions, such as an arrest or charge.",
    )

    def __init__(self, *args: Any, standard_interval: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interval.choices = choices_of(interval_choices(standard_interval))

    def interval_days(self) -> int:
        return int(self.interval.data)
