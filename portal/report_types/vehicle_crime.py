"""Vehicle crime: a vehicle stolen, something stolen from one, or a vehicle damaged or tampered with. The registration
(and the VIN when known) go into the possible-duplicates index; for a stolen vehicle, where the keys are tells the
investigator whether it was taken with its own key."""

from __future__ import annotations

import re
from typing import Any

from wtforms import ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import TextField, radio, too_long
from portal.forms.validators import combine
from portal.journeys import Answers, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import items_steps, people_steps, support_step, text_form
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import WhenForm

SLUG = "vehicle-crime"
STOLEN, STOLEN_FROM, DAMAGED = "stolen", "stolen-from", "damaged"
# 17 characters, never I, O or Q (ISO 3779).
VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


class VehicleCrimeKindForm(BaseForm):
    vehicle_crime = radio(
        "What happened to the vehicle?",
        [
            (STOLEN, "The vehicle was stolen"),
            (STOLEN_FROM, "Something was stolen from it, such as a bag, tools or a part"),
            (DAMAGED, "It was damaged or tampered with, for example a broken window or a forced lock"),
        ],
        messages.SELECT_ONE.format(what="what happened to the vehicle"),
        summary_label="What happened",
    )


class VehicleDetailsForm(BaseForm):
    registration = TextField(
        "Registration number",
        [
            InputRequired(messages.ENTER.format(what="the registration number")),
            Length(max=10, message=messages.TOO_LONG.format(what="Registration number", max=10)),
        ],
        gov={"classes": "govuk-input--width-10 govuk-input--extra-letter-spacing", "spellcheck": False},
        summary_label="Registration",
    )
    make = TextField(
        "Make",
        [InputRequired(messages.ENTER.format(what="the make")), too_long("Vehicle make", 50)],
        description="For example, Ford or Honda.",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Make",
    )
    model = TextField(
        "Model (optional)",
        [Optional(), too_long("Vehicle model", 50)],
        description="For example, Fiesta or PCX 125.",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Model",
    )
    colour = TextField(
        "Colour",
        [InputRequired(messages.ENTER.format(what="the colour")), too_long("Vehicle colour", 30)],
        gov={"classes": "govuk-input--width-10"},
        summary_label="Colour",
    )
    vin = TextField(
        "Vehicle identification number (VIN) (optional)",
        [Optional()],
        description="17 letters and numbers, on the V5C logbook and usually at the bottom of the windscreen.",
        gov={"classes": "govuk-input--width-20 govuk-input--extra-letter-spacing", "spellcheck": False},
        summary_label="VIN",
    )

    def validate_registration(self, field: Any) -> None:
        field.data = " ".join(field.data.upper().split())  # as on the plate: "lk19 xyz" reads "LK19 XYZ"

    def validate_vin(self, field: Any) -> None:
        if field.data:
            value = re.sub(r"[\s-]", "", field.data.upper())
            if not VIN.match(value):
                raise ValidationError(messages.VIN_FORMAT)
            field.data = value


class KeysForm(BaseForm):
    keys = radio(
        "Where are the vehicle's keys?",
        [
            ("all", "I have all the keys"),
            ("taken", "A key was taken, for example in a burglary or from a bag"),
            ("in-vehicle", "A key was in or on the vehicle"),
            ("keyless", "It has keyless entry and I have the keys"),
            ("not-known", "I do not know"),
        ],
        messages.SELECT_ONE.format(what="where the vehicle's keys are"),
        description="Keep every key you still have: an officer or your insurer may ask for them.",
        summary_label="Keys",
    )


def kind_is(*kinds: str) -> Any:
    return lambda answers: answers.get("vehicle_crime") in kinds


def derive(answers: Answers) -> dict[str, Any]:
    return {"occurred_at": combine(answers.get("date"), answers.get("time"))}


VEHICLE_CRIME = ReportType(
    slug=SLUG,
    name="vehicle crime",
    title="Report vehicle crime",
    summary="A car, van, motorbike or scooter stolen, broken into, or damaged or tampered with.",
    steps=(
        emergency_step(),
        Step("kind", VehicleCrimeKindForm, "What happened to the vehicle?"),
        Step("vehicle", VehicleDetailsForm, "The vehicle"),
        Step("keys", KeysForm, "Where are the vehicle's keys?", show_if=kind_is(STOLEN)),
        Step("when", WhenForm, "When did it happen?"),
        *where_steps(),
        Step(
            "what-happened",
            text_form(
                "what_happened",
                "What happened?",
                "For example, how they got in, what was damaged, and anything you saw or heard.",
                "What happened",
            ),
            "What happened?",
        ),
        *items_steps("Was anything stolen from the vehicle?", "What was stolen", always=False),
        *people_steps(),
        *hate_crime_steps(),
        evidence_step("For example, photos of the damage, dash-cam or CCTV video, or the V5C logbook."),
        *contact_steps(),
        support_step(SLUG),
    ),
    derive=derive,
    crime_reference=True,
    export_steps=("kind", "vehicle", "keys", "items"),
)
