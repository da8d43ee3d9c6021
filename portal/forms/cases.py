"""Forms on the staff report page and the queue. Each action form has its own prefix so one page can hold them all
without two fields sharing an id."""

from __future__ import annotations

from typing import Any

from wtforms.validators import InputRequired, Length, NumberRange

from portal.forms.base import BaseForm
from portal.forms.domain import states, triage
from portal.forms.fields import (
    CheckboxField,
    ChoiceField,
    LongTextField,
    SelectOneField,
    TextField,
    WholeNumberField,
    choices_of,
    radio,
    text,
)

NOTE_MAX = 2000
TEXT_MAX = 5000


def _note(element: str) -> LongTextField:
    return LongTextField(f"{element}: your note (optional)", max_length=NOTE_MAX, what=f"{element} note")


def _reason(label: str) -> LongTextField:
    """An optional reason kept with an assignment or allocation."""
    return LongTextField(label, max_length=NOTE_MAX, what="The reason")


def _required_text(label: str, message: str, max_length: int = TEXT_MAX) -> LongTextField:
    return LongTextField(label, required=message, max_length=max_length, what=label)


def _victim_message() -> LongTextField:
    return LongTextField("Anything to add for the victim (optional)", max_length=TEXT_MAX, what="The message")


def _tell_victim() -> ChoiceField:
    # Answered by the button pressed: "... and tell the victim" or "... only".
    return radio(
        "Tell the victim?",
        [("yes", "Yes, send them an update"), ("no", "No, not yet")],
        "Select whether to tell the victim",
    )


def _element(name: str, message: str) -> ChoiceField:
    label, levels = triage.ELEMENTS[name]
    return radio(label, levels, message)


class TriageForm(BaseForm):
    # One answer for the five elements when nothing is identified (triage.NOTHING_IDENTIFIED); otherwise each.
    nothing_identified = CheckboxField(
        "None identified: no threat, harm, risk or vulnerability, and the victim is willing to engage"
    )
    threat = _element("threat", "Select the threat")
    threat_note = _note("Threat")
    harm = _element("harm", "Select the harm")
    harm_note = _note("Harm")
    risk = _element("risk", "Select the risk")
    risk_note = _note("Risk")
    investigation = _element("investigation", "Select the lines of enquiry")
    investigation_note = _note("Investigation")
    vulnerability = _element("vulnerability", "Select the vulnerability")
    vulnerability_note = _note("Vulnerability")
    engagement = _element("engagement", "Select the victim's engagement")
    engagement_note = _note("Engagement")
    grading = radio(
        "Grading", [(g.code, g.label) for g in triage.GRADINGS.values()], "Select a grading for the response"
    )
    enhanced_rights = radio(
        "Is the victim entitled to enhanced rights?",
        [("yes", "Yes"), ("no", "No")],
        "Select whether the victim is entitled to enhanced rights",
    )
    reason = _required_text("Reason for this grading", "Enter the reason for this grading", NOTE_MAX)

    def validate(self, extra_validators: Any = None) -> bool:
        """ "None identified" answers five elements at once. An element marked otherwise as well is never
        overwritten: the officer is asked to choose between them."""
        if not self.nothing_identified.data:
            return super().validate(extra_validators)
        clash = next(
            (name for name, value in triage.NOTHING_IDENTIFIED.items() if self[name].data not in (None, "", value)),
            None,
        )
        for name, value in triage.NOTHING_IDENTIFIED.items():
            self[name].data, self[name].raw_data = value, [value]
        valid = super().validate(extra_validators)
        if clash is not None:
            element = triage.ELEMENTS[clash][0].lower()
            self.nothing_identified.errors = [f"Untick 'None identified' to record the {element} you chose"]
            return False
        return valid

    def assessed_each(self) -> bool:
        """Whether the elements were assessed one by one (or must be, having errors): the page shows them open."""
        if self.nothing_identified.errors:
            return True
        elements = [self[name] for name in triage.NOTHING_IDENTIFIED]
        return not self.nothing_identified.data and any(field.data or field.errors for field in elements)

    def values(self) -> dict[str, Any]:
        data = {name: self[name].data for name in triage.ELEMENTS}
        data.update({f"{name}_note": self[f"{name}_note"].data for name in triage.ELEMENTS})
        data.update(
            grading=self.grading.data, enhanced_rights=self.enhanced_rights.data == "yes", reason=self.reason.data
        )
        return data


class TransitionForm(BaseForm):
    """A move that needs no outcome (to investigating, or reopening a closed case). "Tell the victim?" is answered
    by the button pressed."""

    to = ChoiceField(
        "Move the case to",
        validators=[InputRequired("Select the new status")],
        invalid_choice_message="Select a status this case can move to",
    )
    reason = _required_text("Reason for the change", "Enter the reason for the change", NOTE_MAX)
    message = _victim_message()
    public = _tell_victim()

    def set_statuses(self, current: str) -> None:
        self.to.choices = choices_of([(s.code, s.label) for s in states.status_choices(current)])


class CloseForm(BaseForm):
    """Closing or referring a case: the outcome says which (each outcome belongs to one of the two), and the victim
    is told what it means in plain English."""

    outcome = ChoiceField(
        "Outcome",
        validators=[InputRequired("Select the outcome")],
        invalid_choice_message="Select an outcome this case can have",
    )
    reason = _required_text("Reason for the outcome", "Enter the reason for the outcome", NOTE_MAX)
    message = _victim_message()
    public = _tell_victim()

    def set_outcomes(self, current: str) -> None:
        self.outcome.choices = choices_of([(o.code, o.label) for o in states.closing_outcomes(current)])


class AssignForm(BaseForm):
    officer = SelectOneField(
        "Officer",
        validators=[InputRequired("Select an officer")],
        invalid_choice_message="Select an officer who covers this ward",
    )
    reason = _reason("Reason (optional)")

    def set_officers(self, officers: list[Any]) -> None:
        self.officer.choices = choices_of([("", "Choose an officer")] + [(str(o.id), o.name) for o in officers])


class AllocateForm(BaseForm):
    ward = SelectOneField(
        "Ward",
        validators=[InputRequired("Select the ward where it happened")],
        invalid_choice_message="Select a ward you cover",
    )
    reason = _reason("How you know (optional)")

    def set_wards(self, wards: list[Any]) -> None:
        choices = [("", "Choose a ward")] + [(str(w.id), f"{w.name}, {w.borough.name}") for w in wards]
        self.ward.choices = choices_of(choices)


class UpdateForm(BaseForm):
    text = _required_text("Update for the victim", "Enter the update for the victim")


class NoteForm(BaseForm):
    text = _required_text("Internal note", "Enter the note")


class IntervalForm(BaseForm):
    days = WholeNumberField(
        "Days between updates",
        message="Enter the number of days as a whole number, like 28",
        validators=[
            InputRequired("Enter how many days between updates"),
            NumberRange(min=1, max=90, message="Days between updates must be between 1 and 90"),
        ],
    )


class LinkForm(BaseForm):
    link_reference = text(
        "Reference of the report to link",
        "the reference of the report to link",
        30,
        description="For example, ABCD-EFGH-JKLM.",
        gov={"classes": "govuk-input--width-20", "spellcheck": False},
    )


NOT_FOUND = "No case with that reference was found. Check the reference and try again"


class FindCaseForm(BaseForm):
    """The front counter's search by reference."""

    reference = TextField(
        "Reference number",
        # Anything longer than a reference cannot be one: say so as for any other reference not found.
        [InputRequired("Enter the reference number"), Length(max=40, message=NOT_FOUND)],
        description="For example, HKR7-M3XQ-9TB4. Spaces, hyphens and capital letters do not matter.",
    )
