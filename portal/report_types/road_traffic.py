"""Road traffic incident: a collision or a driving incident the reporter was involved in or saw.

Road Traffic Act 1988 s.170: a driver who did not exchange details must report as soon as possible and within 24
hours. A later report is still accepted, after a clear warning, and flagged for the officer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import GovDateField, LongTextField, MultiChoiceField, TextField, radio, too_long, yes_no
from portal.forms.validators import Exclusive, Time, combine, local_now
from portal.journeys import Answers, Interruption, RepeatingGroup, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, statement_step, where_steps
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps

LATE_AFTER = timedelta(hours=24)


class InvolvementForm(BaseForm):
    involvement = radio(
        "How were you involved?",
        [
            ("driver", "I was driving a vehicle"),
            ("passenger", "I was a passenger"),
            ("pedestrian", "I was a pedestrian"),
            ("cyclist", "I was cycling"),
            ("witness", "I saw it happen (a witness)"),
        ],
        messages.SELECT_ONE.format(what="how you were involved"),
        summary_label="Involvement",
    )


class WhenForm(BaseForm):
    date = GovDateField(
        "Date it happened",
        what="Date it happened",
        required=messages.ENTER.format(what="the date it happened"),
        description="For example, 27 3 2026",
        summary_label="Date",
    )
    time = TextField(
        "Time it happened (optional)",
        [Optional(), Time()],
        description="For example, 14:30 or 2:30pm. An approximate time is fine.",
        gov={"classes": "govuk-input--width-10"},
        summary_label="Time",
    )


def occurred_at(answers: Answers) -> datetime | None:
    return combine(answers.get("date"), answers.get("time"))


def is_late(answers: Answers) -> bool:
    """Over 24 hours ago. Without a time, the end of that day is assumed, so a report is never wrongly warned."""
    when = occurred_at(answers)
    if when is None:
        return False
    if not answers.get("time"):
        when = when.replace(hour=23, minute=59)
    return (answers.now or local_now()) - when > LATE_AFTER


class LateWarningForm(BaseForm):
    """No questions: the warning is the page."""


class WhatHappenedForm(BaseForm):
    what_happened = LongTextField(
        "What happened?",
        required=messages.ENTER.format(what="what happened"),
        max_length=3000,
        what="What happened",
        description="Describe what happened in order: the road layout, which way each vehicle was going, "
        "and what each did. Do not include anything you have not seen yourself.",
    )


class VehicleForm(BaseForm):
    registration = TextField(
        "Registration number (if known)",
        [Optional(), Length(max=10, message=messages.TOO_LONG.format(what="Registration number", max=10))],
        gov={"classes": "govuk-input--width-10 govuk-input--extra-letter-spacing", "spellcheck": False},
        summary_label="Registration",
    )
    whose = radio(
        "Whose vehicle is it?",
        [("reporter", "Mine, or the one I was in"), ("other", "Another vehicle involved")],
        messages.SELECT_ONE.format(what="whose vehicle it is"),
        summary_label="Whose vehicle",
    )
    make = TextField(
        "Make (optional)",
        [Optional(), too_long("Vehicle make", 50)],
        description="For example, Ford",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Make",
    )
    model = TextField(
        "Model (optional)",
        [Optional(), too_long("Vehicle model", 50)],
        description="For example, Focus",
        gov={"classes": "govuk-input--width-20"},
        summary_label="Model",
    )
    colour = TextField(
        "Colour (optional)",
        [Optional(), too_long("Vehicle colour", 30)],
        gov={"classes": "govuk-input--width-10"},
        summary_label="Colour",
    )
    driver = LongTextField(
        "Driver's name and contact details, if known (optional)", max_length=500, summary_label="Driver"
    )
    owner = LongTextField(
        "Owner's name and contact details, if not the driver (optional)", max_length=500, summary_label="Owner"
    )
    insurance = TextField(
        "Insurance company and policy number, if known (optional)",
        [Optional(), too_long("Insurance details", 200)],
        summary_label="Insurance",
    )


def describe_vehicle(item: dict[str, Any]) -> str:
    parts = [item.get("registration"), item.get("colour"), item.get("make"), item.get("model")]
    return " ".join(part for part in parts if part) or "Details not known"


class InjuriesForm(BaseForm):
    injuries = yes_no(
        "Was anyone injured?",
        description="Including you, anyone in a vehicle, a pedestrian or a cyclist, even if the injury seems minor.",
        summary_label="Anyone injured",
    )


class InjuryDetailsForm(BaseForm):
    injury_details = LongTextField(
        "Who was injured, and how?",
        required=messages.ENTER.format(what="who was injured and how"),
        max_length=1000,
        what="Injury details",
    )
    hospital = yes_no("Did anyone go to hospital or need an ambulance?", summary_label="Hospital or ambulance")


class DamageForm(BaseForm):
    damage = LongTextField(
        "Describe any damage to vehicles or property (optional)",
        max_length=1000,
        description="For example, a dented rear bumper, or a damaged wall or lamp post. Leave blank if nothing "
        "was damaged.",
        summary_label="Damage",
    )


class WitnessesForm(BaseForm):
    witnesses = yes_no("Did anyone else see what happened?", summary_label="Any witnesses")


class WitnessForm(BaseForm):
    witness_name = TextField(
        "Witness's name",
        [InputRequired(messages.ENTER.format(what="the witness's name")), too_long("Witness's name", 200)],
        summary_label="Name",
    )
    witness_contact = TextField(
        "Their phone number or email address (optional)",
        [Optional(), too_long("Their phone number or email address", 320)],
        summary_label="Contact",
    )
    witness_saw = LongTextField("What did they see? (optional)", max_length=1000, summary_label="What they saw")


class AddAnotherForm(BaseForm):
    add_another = yes_no("Do you need to add another?")


class EvidenceForm(BaseForm):
    evidence = MultiChoiceField(
        "Do you have any of these?",
        choices=[
            ("dash-cam", "Dash-cam or helmet-cam footage"),
            ("photos", "Photos of the scene or damage"),
            ("cctv", "CCTV you know of nearby"),
            ("none", "None of these"),
        ],
        validators=[InputRequired("Select the evidence you have, or select 'None of these'"), Exclusive()],
        description="Keep any footage or photos safe. An officer may ask you for them: footage of a driving "
        "offence is needed within days.",
        summary_label="Evidence",
    )


def derive(answers: Answers) -> dict[str, Any]:
    return {
        "occurred_at": occurred_at(answers),
        "flag_injuries": answers.get("injuries") == "yes",
        "flag_late_road_traffic": is_late(answers),
    }


ROAD_TRAFFIC_INCIDENT = ReportType(
    slug="road-traffic-incident",
    name="a road traffic incident",
    title="Report a road traffic incident",
    summary="A collision in which no one was seriously hurt, or dangerous or careless driving you saw.",
    steps=(
        emergency_step(),
        Step("involvement", InvolvementForm, "How were you involved?"),
        Step("when", WhenForm, "When did it happen?"),
        Interruption(
            "late-report",
            LateWarningForm,
            "You are reporting more than 24 hours later",
            show_if=is_late,
            template="reports/types/late-report.html",
        ),
        *where_steps(),
        Step("what-happened", WhatHappenedForm, "What happened?"),
        RepeatingGroup(
            "vehicles",
            AddAnotherForm,
            "Vehicles involved",
            item_form=VehicleForm,
            noun="vehicle",
            min_items=1,
            max_items=10,
            describe=describe_vehicle,
        ),
        Step("injuries", InjuriesForm, "Was anyone injured?"),
        Step(
            "injury-details",
            InjuryDetailsForm,
            "Injuries",
            show_if=lambda a: a.get("injuries") == "yes",
            intro_template="reports/intros/injuries.html",
        ),
        Step("damage", DamageForm, "Damage"),
        Step("witnesses", WitnessesForm, "Witnesses"),
        RepeatingGroup(
            "witness-details",
            AddAnotherForm,
            "Witness details",
            item_form=WitnessForm,
            noun="witness",
            min_items=1,
            max_items=10,
            describe=lambda item: item.get("witness_name", ""),
            show_if=lambda a: a.get("witnesses") == "yes",
        ),
        *hate_crime_steps(),
        Step("evidence", EvidenceForm, "Evidence"),
        evidence_step("For example, dash-cam or helmet-cam footage, or photos of the scene or the damage."),
        *contact_steps(),
        statement_step(),
    ),
    derive=derive,
)
