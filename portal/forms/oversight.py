"""Forms for the staff pages that edit ward content. Free text is kept as typed (only
the surrounding whitespace is stripped) and every template escapes it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from wtforms import ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import MEETING_TYPES
from portal.forms.fields import GovDateField, LongTextField, MultiChoiceField, TextField, radio
from portal.forms.validators import Email, Time


def _text(label: str, what: str, limit: int, required: bool = True, **kwargs: Any) -> TextField:
    first = InputRequired(messages.ENTER.format(what=what)) if required else Optional()
    too_long = Length(max=limit, message=messages.TOO_LONG.format(what=what[0].upper() + what[1:], max=limit))
    return TextField(label, [first, too_long], **kwargs)


class OptionalDateField(GovDateField):
    """A day, month and year that may be left blank (all three), but must be a real date when given."""

    def __init__(self, label: str, *, what: str, **kwargs: Any) -> None:
        super().__init__(label, what=what, required=messages.ENTER.format(what=what), past=False, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, InputRequired)]
        self.flags.required = False

    def process_formdata(self, valuelist: list[str]) -> None:
        if not any(isinstance(value, str) and value.strip() for value in valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)


class TeamMemberForm(BaseForm):
    rank = _text("Rank", "the officer's rank", 60, description="For example, PC, PCSO or Sergeant.")
    name = _text("Name", "the officer's name", 100, gov={"spellcheck": False})
    role = _text("Role", "the officer's role", 100, description="For example, Dedicated ward officer.")
    email = TextField(
        "Ward team email address (optional)",
        [Optional(), Length(max=254, message=messages.EMAIL_FORMAT), Email()],
        description="Shown on the ward page. Use the ward team's shared address, not a personal one.",
        gov={"type": "email", "spellcheck": False},
    )
    bio = LongTextField("About the officer (optional)", max_length=1000, what="About the officer")

    @classmethod
    def initial(cls, member: Any) -> dict[str, Any]:
        return {key: getattr(member, key) for key in ("rank", "name", "role", "email", "bio")}

    def values(self) -> dict[str, Any]:
        return {
            "rank": self.rank.data,
            "name": self.name.data,
            "role": self.role.data,
            "email": self.email.data or None,
            "bio": self.bio.data or None,
        }


class WardPriorityForm(BaseForm):
    issue = LongTextField(
        "You said: the issue residents raised",
        required=messages.ENTER.format(what="the issue residents raised"),
        max_length=2000,
        what="The issue",
    )
    issue_date = GovDateField(
        "When was it raised?",
        what="The date it was raised",
        required=messages.ENTER.format(what="the date it was raised"),
        description="For example, 27 3 2026",
    )
    action = LongTextField(
        "We did: what the ward team is doing about it (optional)",
        max_length=2000,
        what="What the ward team is doing",
        description="Leave blank until you have started work on it.",
    )
    action_date = OptionalDateField("When did the work start? (optional)", what="The date the work started")

    def validate_action_date(self, field: Any) -> None:
        if field.data and self.issue_date.data and field.data < self.issue_date.data:
            raise ValidationError("The date the work started must be the same as or after the date it was raised")

    @classmethod
    def initial(cls, priority: Any) -> dict[str, Any]:
        return {key: getattr(priority, key) for key in ("issue", "issue_date", "action", "action_date")}

    def values(self) -> dict[str, Any]:
        return {
            "issue": self.issue.data,
            "action": self.action.data or None,
            "issue_date": self.issue_date.data,
            "action_date": self.action_date.data,
        }


MEETING_LABELS = {"meeting": "Ward panel or public meeting", "surgery": "Street surgery", "community-event": "Event"}


class MeetingForm(BaseForm):
    title = _text("Title", "the title of the meeting", 200, description="For example, Ward panel meeting.")
    type = radio(
        "What kind of meeting is it?",
        [(value, MEETING_LABELS[value]) for value in MEETING_TYPES],
        messages.SELECT_ONE.format(what="what kind of meeting it is"),
    )
    day = GovDateField(
        "Date",
        what="The date",
        required=messages.ENTER.format(what="the date"),
        past=False,
        description="For example, 27 3 2026",
    )
    starts = TextField(
        "Start time",
        [InputRequired(messages.ENTER.format(what="the start time")), Time()],
        description="For example, 19:00 or 7pm",
        gov={"classes": "govuk-input--width-10"},
    )
    ends = TextField("End time (optional)", [Optional(), Time()], gov={"classes": "govuk-input--width-10"})
    address = _text("Where", "where the meeting is", 300, description="The venue and its address.")
    description = LongTextField("What is it about? (optional)", max_length=2000, what="The description")

    def validate_ends(self, field: Any) -> None:
        if field.data and self.starts.data and not self.starts.errors and field.data <= self.starts.data:
            raise ValidationError("The end time must be after the start time")

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "type": self.type.data,
            "description": self.description.data or None,
            "address": self.address.data,
            "starts_at": _at(self.day.data, self.starts.data),
            "ends_at": _at(self.day.data, self.ends.data) if self.ends.data else None,
        }

    @classmethod
    def initial(cls, meeting: Any) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "type": meeting.type,
            "day": meeting.starts_at.date(),
            "starts": f"{meeting.starts_at:%H:%M}",
            "ends": f"{meeting.ends_at:%H:%M}" if meeting.ends_at else "",
            "address": meeting.address,
            "description": meeting.description,
        }


def _at(day: date, hhmm: str) -> datetime:
    # London wall-clock time, stored as the ward content loaders store it (the ward page shows it as given).
    return datetime.combine(day, time.fromisoformat(hhmm))


class BoroughPrioritiesForm(BaseForm):
    categories = MultiChoiceField(
        "Which crimes has the borough agreed as its priorities?",
        validators=[InputRequired("Select the borough's agreed priority crimes")],
        description="Select one or two. Anti-social behaviour is a priority in every borough, so it is not listed.",
    )

    def validate_categories(self, field: Any) -> None:
        if field.data and len(field.data) > 2:
            raise ValidationError("Select no more than 2 priority crimes")


FORMS: dict[str, type[BaseForm]] = {"team": TeamMemberForm, "priorities": WardPriorityForm, "meetings": MeetingForm}
