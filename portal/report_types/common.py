"""Steps every report type shares: emergency screening, where it happened, and about the reporter."""

from __future__ import annotations

from typing import Any

from flask import request
from wtforms import Form, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.contact import ContactPreferencesForm
from portal.forms.domain import WardChoice, search_wards, ward_choice
from portal.forms.fields import CheckboxField, LongTextField, TextField, choices_of, radio, too_long, yes_no
from portal.forms.validators import Email, Postcode, UkPhone
from portal.journeys import Answers, Step


class EmergencyForm(BaseForm):
    emergency = yes_no(
        "Is anyone in danger, or is a crime happening now?",
        messages.EMERGENCY,
        description="For example, someone is hurt, being threatened or followed, or the suspect is still there.",
        summary_label="Emergency",
    )


def emergency_step(form: type[Form] = EmergencyForm) -> Step:
    """The first step of every type: 'yes' ends the journey with the Call 999 page."""
    return Step(
        "emergency",
        form,
        "Is it an emergency?",
        stop_if=lambda answer: answer.get("emergency") == "yes",
        stop_template="reports/stops/call-999.html",
        in_summary=False,
    )


UNKNOWN_WARD = "unknown"


class WardForm(BaseForm):
    ward = radio("Which ward did it happen in?", [], messages.WARD_CHOICE, summary_label="Ward")

    def validate_ward(self, field: Any) -> None:
        if field.data != UNKNOWN_WARD:
            ward = known_ward(field.data or "")
            if ward is None or ward.retired:
                raise ValidationError(messages.WARD_CHOICE)


class WardStep(Step):
    """Pick a ward from a search (a GET form, so it works without JavaScript), or say you do not know.

    A custom step: it renders its own template and builds its choices from the search and the stored answer.
    """

    def make_form(self, answer: Any, answers: Answers, formdata: Any = None, csrf: bool = True) -> Form:
        form = super().make_form(answer, answers, formdata, csrf)
        codes = []
        if formdata is not None and formdata.get("ward"):
            codes.append(formdata.get("ward"))
        if isinstance(answer, dict) and answer.get("ward"):
            codes.append(answer["ward"])
        wards = [ward for ward in (known_ward(code) for code in codes if code != UNKNOWN_WARD) if ward]
        query = search_query()
        if query:
            wards += [WardChoice.of(ward) for ward in search_wards(query, limit=20)]
        choices, seen = [], set()
        for ward in wards:
            if ward.code not in seen:
                seen.add(ward.code)
                choices.append((ward.code, ward.label))
        form.ward.choices = choices_of([*choices, (UNKNOWN_WARD, "I do not know the ward")])
        form.search_query = query  # type: ignore[attr-defined]
        return form


def known_ward(code: str) -> WardChoice | None:
    return ward_choice(code) if code else None


def search_query() -> str:
    try:
        return (request.args.get("q") or "").strip()[:100]
    except RuntimeError:  # outside a request (re-validation in a job): no search
        return ""


class PlaceForm(BaseForm):
    place = LongTextField(
        "Describe the place",
        required=messages.ENTER.format(what="a description of the place"),
        max_length=500,
        description="For example, the street and the nearest junction, a landmark, or the name of a shop or park.",
    )
    postcode = TextField(
        "Postcode (optional)",
        [Optional(), Postcode()],
        description="If you know it.",
        gov={"classes": "govuk-input--width-10", "autocomplete": "postal-code"},
        summary_label="Postcode",
    )


def where_steps(ward_title: str = "Where did it happen?") -> tuple[Step, ...]:
    return (
        WardStep("where", WardForm, ward_title, template="reports/ward.html"),
        Step("place", PlaceForm, "Describe the place"),
    )


class YourDetailsForm(BaseForm):
    name = TextField(
        "Full name",
        [InputRequired(messages.ENTER.format(what="your full name")), too_long("Full name", 200)],
        gov={"autocomplete": "name", "spellcheck": False},
        summary_label="Name",
    )
    email = TextField(
        "Email address (optional)",
        [Optional(), Length(max=320, message=messages.EMAIL_FORMAT), Email()],
        description="We will send your reference and updates here.",
        gov={"autocomplete": "email", "type": "email", "spellcheck": False},
        summary_label="Email address",
    )
    phone = TextField(
        "Phone number (optional)",
        [Optional(), Length(max=30, message=messages.PHONE_FORMAT), UkPhone()],
        gov={"autocomplete": "tel", "type": "tel", "classes": "govuk-input--width-20"},
        summary_label="Phone number",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors and not self.phone.errors:
            self.email.errors = [*self.email.errors, messages.EMAIL_OR_PHONE]
            return False
        return valid


def contact_steps(show_if: Any = None) -> tuple[Step, ...]:
    return (
        Step("your-details", YourDetailsForm, "Your details", show_if=show_if),
        Step("contact-preferences", ContactPreferencesForm, "How to contact you", show_if=show_if),
    )


class StatementForm(BaseForm):
    confirm = CheckboxField(
        "I confirm that the information I have given is true to the best of my knowledge",
        [InputRequired(messages.CONFIRM_TRUE)],
        summary_label="Statement of truth",
    )


def statement_step() -> Step:
    return Step(
        "statement",
        StatementForm,
        "Confirm your statement",
        intro_template="reports/intros/statement.html",
    )
