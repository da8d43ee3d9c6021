"""Burglary of a home or a business: how they got in, when the place was last secure and when the break-in was found,
what was taken, and whether the scene is as it was found. Forensic evidence is lost when a scene is cleaned, so the
reporter is told not to touch anything before being asked."""

from __future__ import annotations

from typing import Any

from wtforms import ValidationError
from wtforms.validators import Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import GovDateField, LongTextField, TextField, radio
from portal.forms.validators import Time, combine
from portal.journeys import Answers, Interruption, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import items_steps, people_steps, support_step
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps

SLUG = "burglary"


class PremisesForm(BaseForm):
    premises = radio(
        "Where was the break-in?",
        [
            ("home", "My home, or a home I look after"),
            ("outbuilding", "A garage, shed or outbuilding"),
            ("business", "A business, shop or office"),
            ("other", "Somewhere else"),
        ],
        messages.SELECT_ONE.format(what="where the break-in was"),
        summary_label="Premises",
    )


class SceneAdviceForm(BaseForm):
    """No questions: the advice is the page."""


class SceneForm(BaseForm):
    scene = radio(
        "Is everything as you found it?",
        [
            ("untouched", "Yes, nothing has been moved, touched or cleaned"),
            ("some", "Some things have been moved or cleaned"),
            ("cleaned", "No, it has been tidied or repaired"),
        ],
        messages.SELECT_ONE.format(what="whether everything is as you found it"),
        summary_label="Scene preserved",
    )


class EntryForm(BaseForm):
    entry = radio(
        "How did they get in?",
        [
            ("door-forced", "They forced a door or its lock"),
            ("window-forced", "They forced or broke a window"),
            ("unlocked", "Through an unlocked door or an open window"),
            ("key", "With a key, or keys taken from the property"),
            ("attempt", "They tried but did not get in"),
            ("not-known", "I do not know"),
        ],
        messages.SELECT_ONE.format(what="how they got in"),
        summary_label="How they got in",
    )
    entry_details = LongTextField(
        "Describe how they got in (optional)",
        max_length=1000,
        description="For example, which door or window, and any tool marks or damage.",
        summary_label="Details",
    )


class BurglaryWhenForm(BaseForm):
    secured_date = GovDateField(
        "When was it last secure?",
        what="The date it was last secure",
        required=messages.ENTER.format(what="the date it was last secure"),
        description="The last time you or someone else saw it locked up and as it should be. For example, 27 3 2026",
        summary_label="Last secure",
    )
    secured_time = TextField(
        "Time it was last secure (optional)",
        [Optional(), Time()],
        description="For example, 08:00 or 8am.",
        gov={"classes": "govuk-input--width-10"},
        summary_label="Time last secure",
    )
    found_date = GovDateField(
        "When was the break-in found?",
        what="The date it was found",
        required=messages.ENTER.format(what="the date it was found"),
        description="For example, 27 3 2026",
        summary_label="Found",
    )
    found_time = TextField(
        "Time it was found (optional)",
        [Optional(), Time()],
        description="For example, 18:30 or 6:30pm.",
        gov={"classes": "govuk-input--width-10"},
        summary_label="Time found",
    )

    def validate_found_date(self, field: Any) -> None:
        secured, found = self.secured_date.data, field.data
        if secured and found and found < secured:
            raise ValidationError("The date it was found must be the same as or after the date it was last secure")


def derive(answers: Answers) -> dict[str, Any]:
    # The break-in happened between the two times: the report keeps the earliest, as "happened from".
    return {"occurred_at": combine(answers.get("secured_date"), answers.get("secured_time"))}


BURGLARY = ReportType(
    slug=SLUG,
    name="a burglary",
    title="Report a burglary",
    summary="A break-in, or an attempted break-in, at a home, garage, shed or business, when no one is in danger.",
    steps=(
        emergency_step(),
        Step("premises", PremisesForm, "Where was the break-in?"),
        Interruption(
            "scene-advice",
            SceneAdviceForm,
            "Keep the scene as it is",
            template="reports/types/scene-advice.html",
        ),
        Step("scene", SceneForm, "Is everything as you found it?"),
        Step("when", BurglaryWhenForm, "When did it happen?"),
        *where_steps(),
        Step("entry", EntryForm, "How did they get in?"),
        *items_steps("Was anything stolen?", "What was stolen"),
        *people_steps(),
        *hate_crime_steps(),
        evidence_step("For example, photos of the damage and of the items taken, receipts, or doorbell or CCTV video."),
        *contact_steps(),
        support_step(SLUG),
    ),
    derive=derive,
    crime_reference=True,
    confirmation_template="reports/next/burglary.html",
    email_next_steps="An officer or a crime scene examiner may contact you to visit. Until they have, or they tell you "
    "it is not needed, please keep the scene as it is.",
    export_steps=("premises", "scene", "when", "entry", "items"),
)
