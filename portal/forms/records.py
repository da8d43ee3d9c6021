"""Forms of the personal data lifecycle: legal holds, erasure and restriction on the staff report page, subject
access requests, retention reviews and the retention schedule editor."""

from __future__ import annotations

from typing import Any

from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import PERIOD_UNITS, REVIEW_DECISIONS
from portal.forms.fields import (
    CheckboxField,
    ChoiceField,
    GovDateField,
    LongTextField,
    TextField,
    WholeNumberField,
    choices_of,
    radio,
)
from portal.forms.validators import Email, UkPhone

REASON_MAX = 2000
EMAIL_OR_PHONE = "Enter the email address or the phone number of the person asking"


def _reason(label: str, message: str, **kwargs: Any) -> LongTextField:
    return LongTextField(label, required=message, max_length=REASON_MAX, what="The reason", **kwargs)


class HoldForm(BaseForm):
    reason = _reason(
        "Reason for the legal hold",
        "Enter the reason for the legal hold",
        description="For example, the proceedings, complaint or inquiry it is needed for. Staff only.",
    )


class LiftHoldForm(BaseForm):
    reason = _reason("Why the hold can be lifted", "Enter why the legal hold can be lifted")


class RestrictForm(BaseForm):
    reason = _reason(
        "Why processing is restricted",
        "Enter why the report is being restricted",
        description="For example, the person says it is inaccurate and that is being checked.",
    )


class LiftRestrictionForm(BaseForm):
    reason = _reason("Why the restriction can be lifted", "Enter why the restriction can be lifted")


class EraseForm(BaseForm):
    reason = _reason(
        "Why this report is being erased",
        "Enter why the report is being erased",
        description="For example, it was made in error, or made maliciously about someone else.",
    )
    confirm = CheckboxField(
        "I understand the report, its history and its files will be deleted and cannot be recovered",
        validators=[DataRequired("Confirm that the report should be erased")],
    )


class SubjectAccessForm(BaseForm):
    email = TextField(
        "Email address",
        [Optional(), Length(max=320, message=messages.EMAIL_FORMAT), Email()],
        gov={"type": "email", "spellcheck": False, "autocomplete": "off"},
    )
    phone = TextField(
        "Phone number",
        [Optional(), Length(max=30, message=messages.PHONE_FORMAT), UkPhone()],
        gov={"type": "tel", "classes": "govuk-input--width-20", "autocomplete": "off"},
    )
    received = GovDateField(
        "When did the request arrive?",
        what="The date the request arrived",
        required="Enter the date the request arrived",
        description="The one-month deadline counts from this day. For example, 27 3 2026.",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.errors and not self.phone.errors and not (self.email.data or self.phone.data):
            self.email.errors = [*self.email.errors, EMAIL_OR_PHONE]
            return False
        return valid


class RuleForm(BaseForm):
    trigger = ChoiceField(
        "What starts the clock?",
        validators=[InputRequired("Select what starts the clock")],
        invalid_choice_message="Select what starts the clock",
    )
    period_value = WholeNumberField(
        "How long",
        message="Enter the period as a whole number, like 6",
        validators=[
            InputRequired("Enter how long the records are kept"),
            NumberRange(min=1, max=1200, message="The period must be between 1 and 1200"),
        ],
        gov={"classes": "govuk-input--width-4"},
    )
    period_unit = radio("In", [(unit, unit.capitalize()) for unit in PERIOD_UNITS], "Select days, months or years")
    action = ChoiceField(
        "What happens at the end of the period?",
        validators=[InputRequired("Select what happens at the end of the period")],
        invalid_choice_message="Select what happens at the end of the period",
    )
    source = LongTextField(
        "Source of this period", required="Enter the source of this period", max_length=REASON_MAX, what="The source"
    )

    def set_choices(self, triggers: list[tuple[str, str]], actions: list[tuple[str, str]]) -> None:
        self.trigger.choices = choices_of(triggers)
        self.action.choices = choices_of(actions)


class ReviewForm(BaseForm):
    decision = radio(
        "Decision",
        list(REVIEW_DECISIONS.items()),
        "Select whether to keep the report or remove its personal details",
    )
    reason = _reason("Reason for the decision", "Enter the reason for the decision")
