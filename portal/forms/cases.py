"""Forms on the staff report page and the queue. Each action form has its own prefix so one page can hold them all
without two fields sharing an id."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms.base import BaseForm
from portal.services.cases import states, triage

NOTE_MAX = 2000
TEXT_MAX = 5000


def _choices(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _radio(label: str, pairs: Any, message: str) -> RadioField:
    return RadioField(
        label,
        choices=_choices(pairs),
        widget=GovRadioInput(),
        validators=[InputRequired(message)],
        invalid_choice_message=message,
    )


def _note(label: str) -> TextAreaField:
    what = label.split(":")[0]
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[Optional(), Length(max=NOTE_MAX, message=f"{what} note must be {NOTE_MAX} characters or fewer")],
    )


def _reason(label: str) -> TextAreaField:
    """An optional reason kept with an assignment or allocation."""
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[Optional(), Length(max=NOTE_MAX, message=f"The reason must be {NOTE_MAX} characters or fewer")],
    )


def _text(label: str, message: str, max_length: int = TEXT_MAX) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[
            DataRequired(message),  # after stripping: spaces alone are not an answer
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
    )


class TriageForm(BaseForm):
    threat = _radio("Threat", triage.ELEMENTS["threat"][1], "Select the threat")
    threat_note = _note("Threat: your note (optional)")
    harm = _radio("Harm", triage.ELEMENTS["harm"][1], "Select the harm")
    harm_note = _note("Harm: your note (optional)")
    risk = _radio("Risk", triage.ELEMENTS["risk"][1], "Select the risk")
    risk_note = _note("Risk: your note (optional)")
    investigation = _radio("Investigation", triage.ELEMENTS["investigation"][1], "Select the lines of enquiry")
    investigation_note = _note("Investigation: your note (optional)")
    vulnerability = _radio("Vulnerability", triage.ELEMENTS["vulnerability"][1], "Select the vulnerability")
    vulnerability_note = _note("Vulnerability: your note (optional)")
    engagement = _radio("Engagement", triage.ELEMENTS["engagement"][1], "Select the victim's engagement")
    engagement_note = _note("Engagement: your note (optional)")
    grading = _radio(
        "Grading", [(g.code, g.label) for g in triage.GRADINGS.values()], "Select a grading for the response"
    )
    enhanced_rights = _radio(
        "Is the victim entitled to enhanced rights?",
        [("yes", "Yes"), ("no", "No")],
        "Select whether the victim is entitled to enhanced rights",
    )
    reason = _text("Reason for this grading", "Enter the reason for this grading", NOTE_MAX)

    def values(self) -> dict[str, Any]:
        data = {name: getattr(self, name).data for name in triage.ELEMENTS}
        data.update({f"{name}_note": getattr(self, f"{name}_note").data for name in triage.ELEMENTS})
        data.update(
            grading=self.grading.data, enhanced_rights=self.enhanced_rights.data == "yes", reason=self.reason.data
        )
        return data


class TransitionForm(BaseForm):
    to = RadioField(
        "Move the case to",
        widget=GovRadioInput(),
        validators=[InputRequired("Select the new status")],
        invalid_choice_message="Select a status this case can move to",
    )
    outcome = RadioField(
        "Outcome (when closing or referring)",
        choices=_choices([(o.code, o.label) for o in states.OUTCOMES.values()]),
        widget=GovRadioInput(),
        validators=[Optional()],
        invalid_choice_message="Select an outcome from the list",
    )
    reason = _text("Reason", "Enter the reason for the change", NOTE_MAX)
    public = _radio(
        "Tell the victim?",
        [("yes", "Yes, send them an update"), ("no", "No, not yet")],
        "Select whether to tell the victim",
    )
    message = TextAreaField(
        "Anything to add for the victim (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=TEXT_MAX, message=f"The message must be {TEXT_MAX} characters or fewer")],
    )

    def set_statuses(self, current: str) -> None:
        self.to.choices = _choices([(s.code, s.label) for s in states.next_statuses(current)])


class AssignForm(BaseForm):
    officer = SelectField(
        "Officer",
        widget=GovSelect(),
        validators=[InputRequired("Select an officer")],
        invalid_choice_message="Select an officer who covers this ward",
    )
    reason = _reason("Reason (optional)")

    def set_officers(self, officers: list[Any]) -> None:
        self.officer.choices = _choices([("", "Choose an officer")] + [(str(o.id), o.name) for o in officers])


class AllocateForm(BaseForm):
    ward = SelectField(
        "Ward",
        widget=GovSelect(),
        validators=[InputRequired("Select the ward where it happened")],
        invalid_choice_message="Select a ward you cover",
    )
    reason = _reason("How you know (optional)")

    def set_wards(self, wards: list[Any]) -> None:
        choices = [("", "Choose a ward")] + [(str(w.id), f"{w.name}, {w.borough.name}") for w in wards]
        self.ward.choices = _choices(choices)


class UpdateForm(BaseForm):
    text = _text("Update for the victim", "Enter the update for the victim")


class NoteForm(BaseForm):
    text = _text("Internal note", "Enter the note")


class WholeNumberField(IntegerField):
    """An integer field whose parse error reads like every other GOV.UK message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter the number of days as a whole number, like 28") from error


class IntervalForm(BaseForm):
    days = WholeNumberField(
        "Days between updates",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter how many days between updates"),
            NumberRange(min=1, max=90, message="Days between updates must be between 1 and 90"),
        ],
    )
