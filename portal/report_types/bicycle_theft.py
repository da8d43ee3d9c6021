"""Bicycle theft: the bicycle (make, model, colour and frame number, which is what identifies a recovered bike), how
it was locked, and whether it is on a bike register. The frame number goes into the possible-duplicates index."""

from __future__ import annotations

import re
from typing import Any

from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import TextField, radio, too_long
from portal.forms.validators import combine
from portal.journeys import Answers, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import items_steps, people_steps, support_step, value_field
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import WhenForm

SLUG = "bicycle-theft"


class BicycleForm(BaseForm):
    bike_make = TextField(
        "Make",
        [InputRequired(messages.ENTER.format(what="the make")), too_long("Bicycle make", 50)],
        description="For example, Brompton, Trek or Carrera.",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Make",
    )
    bike_model = TextField(
        "Model (optional)",
        [Optional(), too_long("Bicycle model", 50)],
        gov={"classes": "govuk-input--width-20"},
        summary_label="Model",
    )
    bike_colour = TextField(
        "Colour",
        [InputRequired(messages.ENTER.format(what="the colour")), too_long("Bicycle colour", 50)],
        gov={"classes": "govuk-input--width-20"},
        summary_label="Colour",
    )
    bike_type = radio(
        "Type of bicycle",
        [
            ("road", "Road or racing"),
            ("mountain", "Mountain"),
            ("hybrid", "Hybrid or town"),
            ("electric", "Electric"),
            ("folding", "Folding"),
            ("child", "Child's"),
            ("other", "Another type"),
        ],
        messages.SELECT_ONE.format(what="the type of bicycle"),
        summary_label="Type",
    )
    frame_number = TextField(
        "Frame number (optional)",
        [Optional(), Length(max=30, message=messages.TOO_LONG.format(what="Frame number", max=30))],
        description="Usually stamped under the frame, between the pedals. It may also be on your receipt.",
        gov={"classes": "govuk-input--width-20 govuk-input--extra-letter-spacing", "spellcheck": False},
        summary_label="Frame number",
    )
    bike_value = value_field()
    bike_features = TextField(
        "Anything distinctive (optional)",
        [Optional(), too_long("Features", 300)],
        description="For example, stickers, a child seat, a basket or a damaged mudguard.",
        summary_label="Distinctive features",
    )

    def validate_frame_number(self, field: Any) -> None:
        if field.data:
            field.data = re.sub(r"\s+", " ", field.data.upper()).strip()


class LockedForm(BaseForm):
    locked = radio(
        "How was it left?",
        [
            ("stand", "Locked to a cycle stand, railing or other fixed object"),
            ("locked-only", "Locked, but not to anything"),
            ("building", "Inside a building, shed or garage"),
            ("not-locked", "Not locked"),
        ],
        messages.SELECT_ONE.format(what="how it was left"),
        summary_label="How it was left",
    )
    lock = TextField(
        "What kind of lock? (optional)",
        [Optional(), too_long("The lock", 100)],
        description="For example, a D-lock, a cable lock or a chain.",
        summary_label="Lock",
    )


class RegisterForm(BaseForm):
    register = radio(
        "Is the bicycle on a bike register?",
        [
            ("bikeregister", "Yes, BikeRegister"),
            ("immobilise", "Yes, Immobilise"),
            ("other", "Yes, another register"),
            ("no", "No"),
            ("not-known", "I do not know"),
        ],
        messages.SELECT_ONE.format(what="whether the bicycle is on a bike register"),
        description="Police check registers when they recover a bicycle, to find its owner.",
        summary_label="Bike register",
    )
    register_number = TextField(
        "Registration or marking number (optional)",
        [Optional(), too_long("Registration number", 50)],
        gov={"spellcheck": False},
        summary_label="Register number",
    )


def derive(answers: Answers) -> dict[str, Any]:
    return {"occurred_at": combine(answers.get("date"), answers.get("time"))}


BICYCLE_THEFT = ReportType(
    slug=SLUG,
    name="a bicycle theft",
    title="Report a stolen bicycle",
    summary="A bicycle, electric bike or child's bike stolen, locked or not.",
    steps=(
        emergency_step(),
        Step("bicycle", BicycleForm, "The bicycle"),
        Step("locked", LockedForm, "How was it left?"),
        Step("register", RegisterForm, "Bike register"),
        Step("when", WhenForm, "When did it happen?"),
        *where_steps(),
        *items_steps("Was anything else stolen with it, such as lights or a bag?", "Other items stolen"),
        *people_steps(),
        *hate_crime_steps(),
        evidence_step("For example, a photo of the bicycle, the receipt, or CCTV video."),
        *contact_steps(),
        support_step(SLUG),
    ),
    derive=derive,
    crime_reference=True,
    export_steps=("bicycle", "locked", "register", "items"),
)
