"""Forms of the save-and-return pages (the report types' own forms live in portal/report_types/)."""

from __future__ import annotations

from wtforms.validators import InputRequired, Length

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import TextField
from portal.forms.validators import Email


class SaveForm(BaseForm):
    email = TextField(
        "Email address",
        [
            InputRequired(messages.ENTER.format(what="your email address")),
            Length(max=320, message=messages.EMAIL_FORMAT),
            Email(),
        ],
        description="We will send you a link to continue your report. The link works once, for 30 days.",
        gov={"autocomplete": "email", "type": "email", "spellcheck": False},
    )

    @staticmethod
    def continue_form() -> BaseForm:
        return BaseForm()
