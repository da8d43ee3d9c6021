"""Forms for staff sign-in and account administration."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import HiddenField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Regexp

from portal.forms.base import BaseForm
from portal.services.staff.audit import AuditFilter


class SignInForm(BaseForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address"), Length(max=254)],
    )
    # Not length-checked here: the rules belong to choosing a password, not to signing in (see passwords.py).
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[InputRequired(message="Enter your password")]
    )


class CodeForm(BaseForm):
    code = StringField(
        "Security code",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the 6-digit security code from your authenticator app"),
            Regexp(r"^\s*(\d\s*){6}$", message="Enter the security code as 6 digits, like 123456"),
        ],
    )


class ActionForm(BaseForm):
    """A form that is only a button (sign out, disable an account, stay signed in): CSRF is its whole content."""

    next = HiddenField()


ROLE_CHOICES = [
    SelectChoice("officer", "Officer"),
    SelectChoice("supervisor", "Supervisor"),
    SelectChoice("front_counter", "Front counter"),
    SelectChoice("admin", "Administrator"),
]


class CreateAccountForm(BaseForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the person's full name"), Length(max=100)],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's work email address"),
            Length(max=254),
            Email(
                message="Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
            ),
        ],
    )
    role = RadioField(
        "Role", widget=GovRadioInput(), choices=ROLE_CHOICES, validators=[InputRequired(message="Select a role")]
    )
    ward_codes = TextAreaField(
        "Ward codes (officers)",
        widget=GovTextArea(),
        validators=[Length(max=2000, message="Ward codes must be 2000 characters or fewer")],
    )
    borough_codes = SelectField(
        "Borough (supervisors and front counter)", widget=GovSelect(), choices=[], validate_choice=True
    )
    password = PasswordField(
        "Temporary password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a temporary password")],
    )

    def set_boroughs(self, boroughs: list[tuple[str, str]]) -> None:
        self.borough_codes.choices = [SelectChoice("", "No borough")] + [SelectChoice(c, n) for c, n in boroughs]

    def ward_code_list(self) -> list[str]:
        return (self.ward_codes.data or "").replace(",", " ").split()


class AuditFilterForm(BaseForm):
    """The audit log's filter: a GET form (nothing changes), so no CSRF token."""

    class Meta:
        csrf = False

    # Not validated against the lists: a link may ask for an action no visible record has yet (it finds nothing).
    action = SelectField("Action", widget=GovSelect(), choices=[], validate_choice=False, validators=[Length(max=60)])
    record_type = SelectField(
        "Record type", widget=GovSelect(), choices=[], validate_choice=False, validators=[Length(max=40)]
    )
    record_id = StringField(
        "Record number",
        widget=GovTextInput(),
        validators=[Regexp(r"^[A-Za-z0-9_./<>:=-]{0,64}$", message="Enter a record number, like 42")],
    )
    by = HiddenField(validators=[Regexp(r"^\d{0,9}$", message="Choose the person from their account page")])

    def set_choices(self, actions: list[str], record_types: list[str]) -> None:
        # A value asked for by a link stays selectable even if nothing visible has it yet.
        actions = sorted({*actions, *([self.action.data] if self.action.data else [])})
        types = sorted({*record_types, *([self.record_type.data] if self.record_type.data else [])})
        self.action.choices = [SelectChoice("", "Any action")] + [SelectChoice(a, a) for a in actions]
        self.record_type.choices = [SelectChoice("", "Any record")] + [SelectChoice(t, t) for t in types]

    def to_filter(self) -> AuditFilter:
        if not self.validate():
            return AuditFilter()
        return AuditFilter(
            action=self.action.data or None,
            target_type=self.record_type.data or None,
            target_id=self.record_id.data or None,
            actor_id=int(self.by.data) if self.by.data else None,
        )


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(), validators=[InputRequired(message="Enter your current password")]
    )
    new_password = PasswordField(
        "New password", widget=GovPasswordInput(), validators=[InputRequired(message="Enter a new password")]
    )
