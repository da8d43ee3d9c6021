"""Forms for staff sign-in and account administration."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import AuditFilter
from portal.forms.fields import (
    LongTextField,
    PasswordInputField,
    SelectOneField,
    TextField,
    choices_of,
    radio,
    too_long,
)
from portal.forms.validators import Email


class SignInForm(BaseForm):
    # Not checked as an address: any mistake gets the one answer a wrong password gets.
    email = TextField("Email address", [InputRequired("Enter your email address"), too_long("Email address", 254)])
    # Not length-checked here: the rules belong to choosing a password, not to signing in (see passwords.py).
    password = PasswordInputField("Password", [InputRequired("Enter your password")])


class CodeForm(BaseForm):
    code = TextField(
        "Security code",
        [
            InputRequired("Enter the 6-digit security code from your authenticator app"),
            # ASCII digits only: other scripts' digits are digits to Python, but not to an authenticator app.
            Regexp(r"^\s*([0-9]\s*){6}$", message="Enter the security code as 6 digits, like 123456"),
        ],
    )


class ActionForm(BaseForm):
    """A form that is only a button (sign out, disable an account, stay signed in): CSRF is its whole content."""

    next = HiddenField()


ROLE_CHOICES = [
    ("officer", "Officer"),
    ("supervisor", "Supervisor"),
    ("front_counter", "Front counter"),
    ("admin", "Administrator"),
    ("information_rights", "Information rights"),
]


class CreateAccountForm(BaseForm):
    name = TextField(
        "Full name",
        [
            InputRequired("Enter the person's full name"),
            Length(max=100, message=messages.TOO_LONG.format(what="Full name", max=100)),
        ],
    )
    email = TextField(
        "Email address",
        [
            InputRequired("Enter the person's work email address"),
            Length(max=254, message=messages.EMAIL_FORMAT),
            Email(),
        ],
    )
    role = radio("Role", ROLE_CHOICES, "Select a role")
    ward_codes = LongTextField("Ward codes (officers)", max_length=2000, what="Ward codes")
    borough_codes = SelectOneField("Borough (supervisors and front counter)", choices=[], validators=[Optional()])
    # No password: the person chooses their own through the enrolment link emailed to them (security check 38).

    def set_boroughs(self, boroughs: list[tuple[str, str]]) -> None:
        self.borough_codes.choices = choices_of([("", "No borough"), *boroughs])

    def ward_code_list(self) -> list[str]:
        return (self.ward_codes.data or "").replace(",", " ").split()


class AuditFilterForm(BaseForm):
    """The audit log's filter: a GET form (nothing changes), so no CSRF token."""

    class Meta:
        csrf = False

    # Not validated against the lists: a link may ask for an action no visible record has yet (it finds nothing).
    action = SelectOneField("Action", choices=[], validate_choice=False, validators=[too_long("Action", 60)])
    record_type = SelectOneField(
        "Record type", choices=[], validate_choice=False, validators=[too_long("Record type", 40)]
    )
    record_id = TextField(
        "Record number", [Regexp(r"^[A-Za-z0-9_./<>:=-]{0,64}$", message="Enter a record number, like 42")]
    )
    by = HiddenField(validators=[Regexp(r"^\d{0,9}$", message="Choose the person from their account page")])

    def set_choices(self, actions: list[str], record_types: list[str]) -> None:
        # A value asked for by a link stays selectable even if nothing visible has it yet.
        actions = sorted({*actions, *([self.action.data] if self.action.data else [])})
        types = sorted({*record_types, *([self.record_type.data] if self.record_type.data else [])})
        self.action.choices = choices_of([("", "Any action")] + [(a, a) for a in actions])
        self.record_type.choices = choices_of([("", "Any record")] + [(t, t) for t in types])

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
    current_password = PasswordInputField("Current password", [InputRequired("Enter your current password")])
    new_password = PasswordInputField("New password", [InputRequired("Enter a new password")])


class ChoosePasswordForm(BaseForm):
    """The first page of enrolment. Not length-checked here: passwords.py's rules answer, in the same words as
    everywhere a password is chosen."""

    password = PasswordInputField("Create a password", [InputRequired("Enter a password")])
    confirm = PasswordInputField(
        "Confirm your password",
        [InputRequired("Enter your password again"), EqualTo("password", message=messages.PASSWORDS_DIFFER)],
    )
