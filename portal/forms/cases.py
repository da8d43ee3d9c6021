"""Forms on the staff report page and the queue. Each action form has its own prefix so one page can hold them all
without two fields sharing an id."""

from __future__ import annotations

from typing import Any

from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.forms.base import BaseForm
from portal.forms.domain import states, triage
from portal.forms.fields import (
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


def _element(name: str, message: str) -> ChoiceField:
    label, levels = triage.ELEMENTS[name]
    return radio(label, levels, message)


# The first question of the grading form: everything at once, or each element on its own.
NOTHING_IDENTIFIED = "nothing-identified"
EACH_ELEMENT = "each"


class TriageForm(BaseForm):
    assessment = ChoiceField(
        "Threat, harm, risk, vulnerability and engagement",
        choices=[
            (
                NOTHING_IDENTIFIED,
                "None identified: no threat, harm, risk or vulnerability, and the victim is willing to engage",
            ),
            (EACH_ELEMENT, "Assess each element"),
        ],
        validators=[Optional()],
        invalid_choice_message="Select how you assessed threat, harm, risk, vulnerability and engagement",
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
        """ "None identified" answers five elements at once. An element marked otherwise as well (the page shows
        every element without JavaScript) is never overwritten: the officer is asked to assess each instead."""
        if self.assessment.data != NOTHING_IDENTIFIED:
            # Not answered (a form posted without it) is taken as assessing each: shown again, they are open.
            self.assessment.data = self.assessment.data or EACH_ELEMENT
            return super().validate(extra_validators)
        clash = next(
            (name for name, value in triage.NOTHING_IDENTIFIED.items() if self[name].data not in (None, "", value)),
            None,
        )
        for name, value in triage.NOTHING_IDENTIFIED.items():
            self[name].data, self[name].raw_data = value, [value]
        valid = super().validate(extra_validators)
        if clash is not None:
            label = triage.ELEMENTS[clash][0]
            self.assessment.errors = [f"Select 'Assess each element' to record the {label.lower()} you chose"]
            return False
        return valid

    def values(self) -> dict[str, Any]:
        data = {name: self[name].data for name in triage.ELEMENTS}
        data.update({f"{name}_note": self[f"{name}_note"].data for name in triage.ELEMENTS})
        data.update(
            grading=self.grading.data, enhanced_rights=self.enhanced_rights.data == "yes", reason=self.reason.data
        )
        return data


class TransitionForm(BaseForm):
    """The status change. Each status that needs an outcome (closed, referred) has its own outcome question, shown
    under that status only, so moving to "investigating" offers no outcome at all. "Tell the victim?" is answered by
    the button pressed."""

    to = ChoiceField(
        "Move the case to",
        validators=[InputRequired("Select the new status")],
        invalid_choice_message="Select a status this case can move to",
    )
    reason = _required_text("Reason", "Enter the reason for the change", NOTE_MAX)
    message = LongTextField("Anything to add for the victim (optional)", max_length=TEXT_MAX, what="The message")
    public = radio(
        "Tell the victim?",
        [("yes", "Yes, send them an update"), ("no", "No, not yet")],
        "Select whether to tell the victim",
    )

    def set_statuses(self, current: str) -> None:
        self.to.choices = choices_of([(s.code, s.label) for s in states.status_choices(current)])

    def outcome_field(self, status: str) -> Any:
        """The outcome question of a status that needs one, or None."""
        return self._fields.get(outcome_field_name(status))

    def outcome(self) -> str | None:
        """The outcome chosen for the status chosen; an outcome ticked under another status is no answer."""
        field = self.outcome_field(self.to.data or "")
        return (field.data or None) if field is not None else None


def outcome_field_name(status: str) -> str:
    return f"outcome_{status}"


for _status in states.closing_statuses():
    setattr(
        TransitionForm,
        outcome_field_name(_status),
        ChoiceField(
            f"Outcome ({states.label(_status).lower()})",
            choices=[(o.code, o.label) for o in states.outcomes_for(_status)],
            validators=[Optional()],
            invalid_choice_message="Select an outcome from the list",
        ),
    )


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
