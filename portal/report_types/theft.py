"""Theft, including theft from the person and phone snatches. A stolen phone's make, model and IMEI (and whether the
network has blocked it) are asked for on their own page: the IMEI goes into the possible-duplicates index, and a
blocked phone cannot be used on any UK network. Force or threats make it a robbery, which is not reported here."""

from __future__ import annotations

from typing import Any

from wtforms import ValidationError
from wtforms.validators import InputRequired, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import imei
from portal.forms.fields import TextField, radio, too_long
from portal.forms.validators import combine
from portal.journeys import Answers, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import items_steps, people_steps, question_form, support_step, text_form
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import WhenForm

SLUG = "theft"
KINDS = [
    ("snatch", "Snatched from me, for example a phone taken by someone on foot, a bike or a moped"),
    ("pickpocket", "Taken from my pocket, bag or clothing without me noticing"),
    ("left", "Taken after I put it down or left it somewhere, for example in a cafe or at work"),
    ("shop", "Stolen from a shop or business"),
    ("other", "Another kind of theft"),
]
ROBBERY = "force"


class TheftKindForm(BaseForm):
    theft_kind = radio(
        "How was it stolen?",
        [*KINDS, (ROBBERY, "They used force or threatened me")],
        messages.SELECT_ONE.format(what="how it was stolen"),
        summary_label="How it was stolen",
    )


class PhoneForm(BaseForm):
    phone_make = TextField(
        "Phone make",
        [InputRequired(messages.ENTER.format(what="the phone's make")), too_long("Phone make", 50)],
        description="For example, Apple or Samsung.",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Phone make",
    )
    phone_model = TextField(
        "Phone model (optional)",
        [Optional(), too_long("Phone model", 50)],
        description="For example, iPhone 15 or Galaxy S24.",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Phone model",
    )
    imei = TextField(
        "IMEI number (optional)",
        [Optional()],
        description="15 digits that identify the phone. It is on the box, on your bill or in your network account.",
        gov={"classes": "govuk-input--width-20", "inputmode": "numeric", "spellcheck": False},
        summary_label="IMEI",
    )
    blocked = radio(
        "Have you asked your network to block the phone?",
        [("yes", "Yes"), ("no", "No, not yet"), ("not-known", "I do not know")],
        messages.SELECT_ONE.format(what="whether you have asked your network to block the phone"),
        description="Your network can block the phone by its IMEI so it cannot be used on any UK network, and stop "
        "calls and data being charged to you.",
        summary_label="Blocked with the network",
    )

    def validate_imei(self, field: Any) -> None:
        # The check digit catches a mistyped IMEI here, before an investigator searches for it.
        if field.data:
            digits = imei(field.data)
            if digits is None:
                raise ValidationError(messages.IMEI_FORMAT)
            field.data = digits


def phone_taken(answers: Answers) -> bool:
    return answers.get("phone_taken") == "yes"


def derive(answers: Answers) -> dict[str, Any]:
    return {"occurred_at": combine(answers.get("date"), answers.get("time"))}


THEFT = ReportType(
    slug=SLUG,
    name="a theft",
    title="Report a theft",
    summary="Something stolen from you, including a phone snatched or taken from your pocket or bag, or from a "
    "shop or business.",
    steps=(
        emergency_step(),
        Step(
            "kind",
            TheftKindForm,
            "How was it stolen?",
            stop_if=lambda answer: answer.get("theft_kind") == ROBBERY,
            stop_template="reports/stops/robbery.html",
        ),
        Step("when", WhenForm, "When did it happen?"),
        *where_steps(),
        Step(
            "what-happened",
            text_form(
                "what_happened",
                "What happened?",
                "Tell us what happened in order, what you noticed about anyone nearby, and whether there may be CCTV.",
                "What happened",
            ),
            "What happened?",
        ),
        *items_steps("", "What was stolen", always=True),
        Step("phone-taken", question_form("phone_taken", "Was a mobile phone stolen?", "Phone stolen"), "Phone"),
        Step("phone", PhoneForm, "The stolen phone", show_if=phone_taken, intro_template="reports/intros/phone.html"),
        *people_steps(),
        *hate_crime_steps(),
        evidence_step("For example, photos of the items, receipts, or a screenshot of the phone's last location."),
        *contact_steps(),
        support_step(SLUG),
    ),
    derive=derive,
    crime_reference=True,
    export_steps=("kind", "items", "phone"),
)
