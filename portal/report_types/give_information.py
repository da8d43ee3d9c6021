"""Give information about a crime or a suspect, with your name or anonymously. Anonymous means no contact and no
tracking, and the reporter is told so plainly before choosing; Crimestoppers is offered for anyone who wants to stay
anonymous from us as well. It reaches the staff queue as an information report."""

from __future__ import annotations

from typing import Any

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import radio
from portal.journeys import Answers, RepeatingGroup, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.crime_steps import SuspectForm, question_form, text_form
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import AddAnotherForm

SLUG = "give-information"


class AboutForm(BaseForm):
    about = radio(
        "What is your information about?",
        [
            ("crime", "A crime that has happened, or is being planned"),
            ("person", "Someone who is committing crime, or who is wanted"),
            ("drugs", "Drug dealing, or a place where drugs are sold or used"),
            ("other", "Something else"),
        ],
        messages.SELECT_ONE.format(what="what your information is about"),
        summary_label="About",
    )


class ContactChoiceForm(BaseForm):
    give_details = radio(
        "Do you want to give your name and contact details?",
        [("yes", "Yes, you can contact me"), ("no", "No, I want to stay anonymous")],
        messages.SELECT_ONE.format(what="whether you want to give your name and contact details"),
        summary_label="Contact details given",
    )


def named(answers: Answers) -> bool:
    return answers.get("give_details") == "yes"


def derive(answers: Answers) -> dict[str, Any]:
    return {"category": "information", "anonymous": not named(answers)}


GIVE_INFORMATION = ReportType(
    slug=SLUG,
    name="information about a crime",
    title="Give information about a crime",
    summary="Tell us what you know about a crime or a suspect, with your name or anonymously.",
    steps=(
        emergency_step(),
        Step("about", AboutForm, "What is your information about?"),
        Step(
            "information",
            text_form(
                "information",
                "What do you know?",
                "Tell us who, what, where and when, and how you know. Do not put yourself at risk to find out more.",
                "Your information",
            ),
            "What do you know?",
        ),
        *where_steps("Where is it happening, or where did it happen?"),
        Step(
            "people-known",
            question_form("suspect_known", "Do you know who is involved?", "Knows who is involved"),
            "Who is involved",
        ),
        RepeatingGroup(
            "suspects",
            AddAnotherForm,
            "About who is involved",
            item_form=SuspectForm,
            noun="person",
            describe=lambda item: item.get("suspect_name") or "Name not known",
            show_if=lambda a: a.get("suspect_known") == "yes",
        ),
        *hate_crime_steps(),
        evidence_step("For example, photos, videos or screenshots."),
        Step(
            "contact-choice",
            ContactChoiceForm,
            "Your name and contact details",
            intro_template="reports/intros/anonymous-information.html",
        ),
        *contact_steps(show_if=named),
    ),
    derive=derive,
    confirmation_template="reports/next/give-information.html",
    email_next_steps="An officer will read your information. We will contact you only if we need to ask you more.",
    export_steps=("about", "information"),
)
