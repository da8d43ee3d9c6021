"""Validators shared by every report type. Normalising validators (email, phone, money, postcode) also rewrite
the field's data into the one form we store."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from wtforms import Field, Form, ValidationError

from portal.core import clock
from portal.core.clock import LONDON
from portal.forms import messages

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
# re.ASCII: \d is 0-9 only. Other scripts' digits would pass a Unicode \d here and then be read by int() or Decimal().
TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$", re.IGNORECASE | re.ASCII)
MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$", re.ASCII)
# The largest amount lost a report can hold, stated on the page: more than any one fraud reported to a local force,
# and far inside the amount_lost_pence column (a 64-bit integer of pence).
MONEY_MAXIMUM_POUNDS = 1_000_000_000


class NotInFuture:
    def __init__(self, what: str) -> None:
        self.what = what

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, date) and field.data > date.today():
            raise ValidationError(messages.DATE_FUTURE.format(what=self.what))


class Email:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            # Deliverability is not checked: it needs DNS, and a typo is better caught by the reporter reading it back.
            result = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(messages.EMAIL_FORMAT) from None
        field.data = result.normalized


class UkPhone:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, "GB")
        except phonenumbers.NumberParseException:
            raise ValidationError(messages.PHONE_FORMAT) from None
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(messages.PHONE_FORMAT)
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Postcode:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        match = POSTCODE.match(re.sub(r"\s+", " ", field.data.upper()).strip())
        if not match:
            raise ValidationError(messages.POSTCODE_FORMAT)
        field.data = f"{match.group(1)} {match.group(2)}"


class Time:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        parsed = parse_time(field.data)
        if parsed is None:
            raise ValidationError(messages.TIME_FORMAT)
        field.data = parsed


def parse_time(text: str) -> str | None:
    """'2pm', '2:30 pm', '14.30', '14:30' → '14:30'; None when it is not a time of day."""
    match = TIME.match(text.strip())
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


class Money:
    """An amount in pounds (and pence), more than £0 and at most `maximum` pounds; rewritten as "1234.50". `what`
    names the amount in the messages ("Amount lost must be more than £0")."""

    def __init__(self, what: str = "Amount lost", maximum: int = MONEY_MAXIMUM_POUNDS) -> None:
        self.what = what
        self.maximum = maximum

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        text = field.data.replace(" ", "")
        # A length no amount in range can reach is refused before Decimal() reads it.
        if len(text) > 40 or not MONEY.match(text):
            raise ValidationError(messages.MONEY_FORMAT)
        try:
            amount = Decimal(text.lstrip("£").replace(",", ""))
        except InvalidOperation:
            raise ValidationError(messages.MONEY_FORMAT) from None
        if amount <= 0:
            raise ValidationError(messages.POSITIVE.format(what=self.what))
        if amount > self.maximum:
            raise ValidationError(messages.MONEY_MAXIMUM.format(what=self.what, maximum=self.maximum))
        field.data = f"{amount:.2f}"


class Exclusive:
    """A 'none of these' checkbox cannot be ticked with anything else."""

    def __init__(self, value: str = "none", message: str = messages.NONE_EXCLUSIVE) -> None:
        self.value = value
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and self.value in field.data and len(field.data) > 1:
            raise ValidationError(self.message)


def combine(day: Any, time_text: str | None) -> datetime | None:
    """A date answer (ISO string) and an optional time (HH:MM), as the reporter meant them: London time."""
    if not day:
        return None
    hours, minutes = (int(part) for part in (time_text or "00:00").split(":"))
    return datetime.fromisoformat(str(day)).replace(hour=hours, minute=minutes, tzinfo=LONDON)


def local_now() -> datetime:
    return clock.now().astimezone(LONDON)
