"""Found property, accepted only in the few cases we still take it (items holding personal data, items identifiable
by a serial number, cash with an identifiable owner, items believed stolen or used in crime). Anything dangerous ends
the journey on a "do not touch it" page, anything else on a page saying where it should go. The confirmation tells
the finder which front counters are nearest and when they are open; the serial number goes into the
possible-duplicates index, where it can meet a report of the same item stolen."""

from __future__ import annotations

from typing import Any

from wtforms.validators import Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import accepted_found_items
from portal.forms.fields import GovDateField, LongTextField, TextField, radio, yes_no
from portal.forms.validators import Time, combine
from portal.journeys import Answers, ReportType, Step
from portal.report_types.common import EmergencyForm, contact_steps, where_steps
from portal.report_types.crime_steps import ItemForm

SLUG = "found-property"
NOT_ACCEPTED = "other"


class DangerForm(EmergencyForm):
    """The emergency screening of this type: a dangerous find is a call to 999 or 101, never a trip to a counter."""

    emergency = yes_no(
        "Is it a gun, ammunition, explosives, drugs or chemicals?",
        "Select yes if it is a gun, ammunition, explosives, drugs or chemicals",
        description="Or anything else that could hurt someone, such as a syringe.",
        summary_label="Dangerous",
    )


class FoundKindForm(BaseForm):
    found_kind = radio(
        "What have you found?",
        [*accepted_found_items(), (NOT_ACCEPTED, "Something else")],
        messages.SELECT_ONE.format(what="what you have found"),
        summary_label="What was found",
    )


class FoundWhenForm(BaseForm):
    date = GovDateField(
        "When did you find it?",
        what="The date you found it",
        required=messages.ENTER.format(what="the date you found it"),
        description="For example, 27 3 2026",
        summary_label="Date found",
    )
    time = TextField(
        "Time (optional)",
        [Optional(), Time()],
        description="For example, 14:30 or 2:30pm.",
        gov={"classes": "govuk-input--width-10"},
        summary_label="Time found",
    )


class OwnerForm(BaseForm):
    owner = LongTextField(
        "Do you know anything about who owns it? (optional)",
        max_length=1000,
        description="For example, a name on a card inside, or a contact on the phone's lock screen.",
        summary_label="About the owner",
    )


def derive(answers: Answers) -> dict[str, Any]:
    return {"occurred_at": combine(answers.get("date"), answers.get("time")), "category": "property"}


FOUND_PROPERTY = ReportType(
    slug=SLUG,
    name="found property",
    title="Hand in found property",
    summary="A phone, laptop or other device, something with a serial number, cash whose owner you can identify, or "
    "something you think was stolen. Most other things are not taken in.",
    steps=(
        Step(
            "emergency",
            DangerForm,
            "Is it dangerous?",
            stop_if=lambda answer: answer.get("emergency") == "yes",
            stop_template="reports/stops/dangerous.html",
            in_summary=False,
        ),
        Step(
            "what",
            FoundKindForm,
            "What have you found?",
            stop_if=lambda answer: answer.get("found_kind") == NOT_ACCEPTED,
            stop_template="reports/stops/not-accepted.html",
        ),
        Step("item", ItemForm, "About the item"),
        Step("when", FoundWhenForm, "When did you find it?"),
        *where_steps("Where did you find it?"),
        Step("owner", OwnerForm, "The owner"),
        *contact_steps(),
    ),
    derive=derive,
    confirmation_template="reports/next/found-property.html",
    email_next_steps="Take the item and this reference to a police station front counter. Keep it safe until you do.",
    export_steps=("what", "item"),
    shows_front_counters=True,
)
