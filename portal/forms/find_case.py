"""The front counter's reference search."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from portal.forms.base import BaseForm

NOT_FOUND = "No case with that reference was found. Check the reference and try again"


class FindCaseForm(BaseForm):
    reference = StringField(
        "Reference number",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the reference number"), Length(max=40, message=NOT_FOUND)],
        description="For example, HKR7-M3XQ-9TB4. Spaces, hyphens and capital letters do not matter.",
    )
