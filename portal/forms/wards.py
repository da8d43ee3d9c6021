"""The ward finder's search form and the "tell us your priorities" form."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxesInput, GovTextInput
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.forms.base import BaseForm
from portal.forms.domain import ISSUES, MAX_COMMENT, MAX_ISSUES


class WardSearchForm(BaseForm):
    """A GET form: searching changes nothing, so it needs no CSRF token and its results can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(
        "Ward, area or borough name",
        validators=[
            DataRequired("Enter a ward or borough name"),
            Length(max=100, message="Enter 100 characters or fewer"),
        ],
        widget=GovTextInput(),
    )


class IssuesField(SelectMultipleField):
    def pre_validate(self, form: Any) -> None:
        allowed = {choice.value for choice in self.choices}  # type: ignore[union-attr]
        if any(value not in allowed for value in self.data or []):
            raise ValidationError("Select local issues from the list")


class PrioritiesForm(BaseForm):
    issues = IssuesField(
        "Which local issues matter most to you?",
        choices=[SelectChoice(value, label) for value, label in ISSUES],
        widget=GovCheckboxesInput(),
    )
    comment = TextAreaField(
        "Anything else you want your ward team to know (optional)",
        validators=[
            Optional(),
            Length(max=MAX_COMMENT, message=f"Your comment must be {MAX_COMMENT} characters or fewer"),
        ],
        widget=GovCharacterCount(),
    )

    def validate_issues(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Select at least one local issue")
        if len(field.data) > MAX_ISSUES:
            raise ValidationError(f"Select up to {MAX_ISSUES} local issues")
