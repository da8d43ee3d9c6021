"""Criminal damage, graffiti included: what was damaged, how, and what it will cost to put right (the cost decides how
the offence is charged, so an estimate is asked for even when the reporter is unsure)."""

from __future__ import annotations

from typing import Any

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import LongTextField, radio, yes_no
from portal.forms.validators import combine
from portal.journeys import Answers, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import items_steps, people_steps, support_step, value_field
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import WhenForm

SLUG = "criminal-damage"


class DamagedForm(BaseForm):
    damaged = radio(
        "What was damaged?",
        [
            ("vehicle", "A vehicle"),
            ("home", "A home, garden, fence or wall"),
            ("business", "A shop, office or other business property"),
            ("public", "Public property, such as a bus shelter or a park bench"),
            ("other", "Something else"),
        ],
        messages.SELECT_ONE.format(what="what was damaged"),
        summary_label="What was damaged",
    )
    graffiti = yes_no("Was it graffiti?", summary_label="Graffiti")
    damage = LongTextField(
        "Describe the damage",
        required=messages.ENTER.format(what="a description of the damage"),
        max_length=2000,
        what="Description",
        description="For example, a smashed window, scratched paintwork, or words or symbols sprayed on a wall. "
        "Tell us exactly what any graffiti says or shows.",
        summary_label="Damage",
    )


class CostForm(BaseForm):
    cost = value_field("How much will it cost to repair or replace? (optional)", "Cost")


def derive(answers: Answers) -> dict[str, Any]:
    return {"occurred_at": combine(answers.get("date"), answers.get("time"))}


CRIMINAL_DAMAGE = ReportType(
    slug=SLUG,
    name="criminal damage",
    title="Report criminal damage or graffiti",
    summary="Something deliberately damaged, such as a smashed window, a scratched car or graffiti.",
    steps=(
        emergency_step(),
        Step("damage", DamagedForm, "What was damaged?"),
        Step("when", WhenForm, "When did it happen?"),
        *where_steps(),
        Step("cost", CostForm, "Cost of the damage"),
        *items_steps("Do you want to list damaged items, such as a phone or a bike?", "Damaged items"),
        *people_steps(),
        *hate_crime_steps(),
        evidence_step("For example, photos of the damage or graffiti, a repair quote, or CCTV or doorbell video."),
        *contact_steps(),
        support_step(SLUG),
    ),
    derive=derive,
    crime_reference=True,
    export_steps=("damage", "cost", "items"),
)
