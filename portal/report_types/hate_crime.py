"""Hate crime, recorded on perception: any report may say that the victim or anyone else believes it was motivated by
hostility or prejudice towards race, religion, sexual orientation, disability or transgender identity (or another
characteristic). The report is then flagged as hate crime whatever the officer's view, raises the THRIVE
vulnerability prompt and is counted on its own in the statistics. Every report type asks, through these steps."""

from __future__ import annotations

from typing import Any

from wtforms.validators import InputRequired

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import LongTextField, MultiChoiceField, radio, yes_no
from portal.journeys import Answers, Step

# The five monitored strands, then anything else (recorded, and counted with the rest).
STRANDS = [
    ("race", "Race, colour, nationality or ethnic origin"),
    ("religion", "Religion or belief, or having no religion"),
    ("sexual-orientation", "Sexual orientation"),
    ("disability", "Disability"),
    ("transgender", "Transgender identity"),
    ("other", "Something else, such as their sex, age or the way they dress"),
]
STRAND_LABELS = dict(STRANDS)


class HateCrimeForm(BaseForm):
    hate_crime = yes_no(
        "Do you or anyone else think it happened because of hostility or prejudice towards who someone is?",
        description="For example, because of their race, religion, sexual orientation, disability or transgender "
        "identity, or because someone thought they were. If you or anyone else thinks so, we record it as a hate "
        "crime: we do not need proof.",
        summary_label="Thought to be hate crime",
    )


class HateCrimeDetailsForm(BaseForm):
    hate_strands = MultiChoiceField(
        "What was the hostility or prejudice towards?",
        choices=STRANDS,
        validators=[InputRequired(messages.SELECT_ONE.format(what="what the hostility or prejudice was towards"))],
        description="Select all that apply.",
        summary_label="Hostility towards",
    )
    hate_perceived_by = radio(
        "Who thinks this?",
        [("victim", "The victim (me, or the person it happened to)"), ("other", "Someone else"), ("both", "Both")],
        messages.SELECT_ONE.format(what="who thinks this"),
        summary_label="Who thinks so",
    )
    hate_reasons = LongTextField(
        "What makes you or them think so? (optional)",
        max_length=1000,
        what="Your answer",
        description="For example, words that were said or written, symbols, or things that have happened before.",
        summary_label="Why",
    )


def perceived(answers: Answers) -> bool:
    return answers.get("hate_crime") == "yes"


def hate_crime_steps() -> tuple[Step, ...]:
    return (
        Step("hate-crime", HateCrimeForm, "Hate crime"),
        Step("hate-crime-details", HateCrimeDetailsForm, "About the hostility or prejudice", show_if=perceived),
    )


def hate_crime_columns(answers: Answers) -> dict[str, Any]:
    """The flag and the strands perceived, for every report type (the steps are shared, so are their columns)."""
    flagged = perceived(answers)
    return {
        "flag_hate_crime": flagged,
        "hate_crime_strands": list(answers.get("hate_strands") or []) if flagged else None,
    }
