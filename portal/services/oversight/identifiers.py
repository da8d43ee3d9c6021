"""Identifiers that suggest two reports are about the same thing: vehicle registrations, phone numbers, email
addresses and suspect details, normalised so that "ab12 cde" and "AB12CDE" (or "020 7946 0000" and
"+442079460000") are equal. The same rows let the triage queue find a report by what an officer types
(portal/services/cases/search.py), with two kinds of their own that never suggest a duplicate: the words of the
reporter's name, and the reporter's phone number as digits however it was written.

Why an index filled at submission rather than a search when the report page opens: the stored answers are JSON of
several shapes, so matching them at read time would mean reading every nearby report's answers on every page view.
`index_report()` runs once, inside the submission's own transaction (a handful of inserts), and the report page
then needs one indexed query. Reports made before the index existed are filled in by
`flask --app portal oversight reindex`, and a report page fills its own report's rows if they are missing.

Which answers count is decided by field name, not by report type, so a new report type that asks for a
`registration`, a suspect `identifier` or `suspect_name`, or property numbers (`serial_number`, `imei`,
`frame_number`, `vin`) is indexed without changes here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers
from sqlalchemy import delete, select

from portal.db import session
from portal.db_writes import insert_rows
from portal.models import Report, ReportIdentifier

REGISTRATION, PHONE, EMAIL, SUSPECT = "registration", "phone", "email", "suspect"
# Stolen (or found) property: a phone's IMEI, a bicycle's frame number, a vehicle's VIN, any other serial number.
IMEI, FRAME_NUMBER, VIN, SERIAL_NUMBER = "imei", "frame-number", "vin", "serial-number"
KIND_LABELS = {
    REGISTRATION: "Vehicle registration",
    PHONE: "Phone number",
    EMAIL: "Email address",
    SUSPECT: "Suspect",
    IMEI: "Phone IMEI",
    FRAME_NUMBER: "Bicycle frame number",
    VIN: "Vehicle identification number (VIN)",
    SERIAL_NUMBER: "Serial number",
}
SOURCE_LABELS = {
    "vehicle": "a vehicle",
    "reporter": "the reporter",
    "suspect": "the suspect",
    "witness": "a witness",
    "item": "an item",
    "phone": "a phone",
    "bicycle": "a bicycle",
}
# Suspect details (fraud) that are not a phone number or email address: matched as "<type>:<value>".
SUSPECT_TYPES = ("name", "website", "social", "bank-account")
# For the queue's search only: a shared first name, or one number in two forms, says nothing about the incident.
NAME, PHONE_DIGITS = "name", "phone-digits"
SEARCH_ONLY = (NAME, PHONE_DIGITS)


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str
    source: str


def registration(text: str | None) -> str | None:
    """Upper case with spaces and punctuation removed: "ab12 cde" → "AB12CDE"."""
    value = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    return value if len(value) >= 2 else None


def phone(text: str | None) -> str | None:
    """E.164 ("+447911123456"); UK numbers may be written nationally. None when it is not a real number."""
    if not text or not re.search(r"\d{4}", re.sub(r"\D", "", text)):
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def imei(text: str | None) -> str | None:
    """A phone's IMEI as its 15 digits, when they pass the Luhn check that every IMEI carries; None otherwise."""
    digits = re.sub(r"[\s\-/.]", "", text or "")
    if not re.fullmatch(r"\d{15}", digits):
        return None
    total = 0
    for index, character in enumerate(reversed(digits)):
        number = int(character) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return digits if total % 10 == 0 else None


def serial(text: str | None, shortest: int = 4) -> str | None:
    """Letters and digits only, upper case: "wd-123 456" and "WD123456" are the same frame or serial number. Very
    short values are ignored: they would match unrelated reports."""
    value = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    return value if len(value) >= shortest else None


def property_number(text: str | None, kind: str, source: str) -> Identifier | None:
    """A number identifying property. Any serial number that is a valid IMEI is indexed as one, so a phone listed as
    an item matches the same phone's IMEI in another report."""
    if value := imei(text):
        return Identifier(IMEI, value, source)
    value = serial(text)
    return Identifier(kind, value, source) if value else None


def phone_digits(text: str | None) -> set[str]:
    """A phone number as digits only, as typed and, when it is a real number, in its national and international
    forms: "+44 7911 123456", "07911123456" and "447911123456" all give the same three."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) < 6:
        return set()
    found = {digits}
    if international := phone(text):
        number = phonenumbers.parse(international)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        found |= {international.lstrip("+"), re.sub(r"\D", "", national)}
    return found


def name_words(text: str | None) -> list[str]:
    """The words of a name, folded so that "Zoë O'Brien-Smith" and "zoe obrien smith" have the same words: lower
    case, accents and apostrophes dropped. Letters of every script are kept; one-letter words (initials) are not."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    words = [word for word in re.split(r"[\W_]+", plain) if len(word) >= 2]
    return list(dict.fromkeys(words))[:10]


def search_only(name: str | None, phone_number: str | None) -> set[Identifier]:
    """The reporter's rows that only the queue's search reads. Plain values, not a report, so the migration that
    filled them for earlier reports uses this same function."""
    found = {Identifier(NAME, word[:320], "reporter") for word in name_words(name)}
    return found | {Identifier(PHONE_DIGITS, digits, "reporter") for digits in phone_digits(phone_number)}


def email(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else None


def suspect(kind: str, text: str | None) -> str | None:
    value = " ".join((text or "").lower().split())
    if kind == "website":
        value = re.sub(r"^(https?://)?(www\.)?", "", value).rstrip("/")
    elif kind == "bank-account":
        value = re.sub(r"\D", "", value)
    elif kind == "social":
        value = value.lstrip("@")
    return f"{kind}:{value}" if value else None


def contact(text: str | None, source: str) -> Identifier | None:
    """A free "phone number or email address" answer (a witness's contact): whichever it turns out to be."""
    if value := email(text):
        return Identifier(EMAIL, value, source)
    if value := phone(text):
        return Identifier(PHONE, value, source)
    return None


def _items(answers: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every answer dict: ordinary steps' answers and each item of a repeating group."""
    for answer in answers.values():
        if isinstance(answer, dict):
            yield answer
            for item in answer.get("items") or []:
                if isinstance(item, dict):
                    yield item


def _from_answer(answer: dict[str, Any]) -> Iterator[Identifier | None]:
    if answer.get("registration"):
        value = registration(answer["registration"])
        yield Identifier(REGISTRATION, value, "vehicle") if value else None
    kind, detail = answer.get("identifier_type"), answer.get("identifier")
    if kind and detail:
        if kind == "phone":
            value = phone(detail)
            yield Identifier(PHONE, value, "suspect") if value else None
        elif kind == "email":
            value = email(detail)
            yield Identifier(EMAIL, value, "suspect") if value else None
        elif kind in SUSPECT_TYPES:
            value = suspect(kind, detail)
            yield Identifier(SUSPECT, value, "suspect") if value else None
    if answer.get("witness_contact"):
        yield contact(answer["witness_contact"], "witness")
    if answer.get("suspect_name"):
        value = suspect("name", answer["suspect_name"])
        yield Identifier(SUSPECT, value, "suspect") if value else None
    for field, kind, source in PROPERTY_FIELDS:
        if answer.get(field):
            yield property_number(answer[field], kind, source)


# Answers that identify property, by field name: (field, kind when it is not an IMEI, where it comes from).
PROPERTY_FIELDS = (
    ("serial_number", SERIAL_NUMBER, "item"),
    ("imei", IMEI, "phone"),
    ("frame_number", FRAME_NUMBER, "bicycle"),
    ("vin", VIN, "vehicle"),
)


def extract(report: Report) -> set[Identifier]:
    """The report's identifiers, from its contact columns and its stored answers. Reads nothing else."""
    found: set[Identifier | None] = set()
    if report.reporter_email:
        found.add(Identifier(EMAIL, v, "reporter") if (v := email(report.reporter_email)) else None)
    if report.reporter_phone:
        found.add(Identifier(PHONE, v, "reporter") if (v := phone(report.reporter_phone)) else None)
    answers = (report.answers or {}).get("answers") or {}
    for answer in _items(answers):
        found.update(_from_answer(answer))
    found.discard(None)
    return found  # type: ignore[return-value]


def index_report(report: Report, *, new: bool = False) -> int:
    """Write the report's identifiers (replacing any, unless the report is `new`) in the caller's transaction. The
    report must be flushed."""
    if not new:
        session.execute(delete(ReportIdentifier).where(ReportIdentifier.report_id == report.id))
    rows = rows_for(report.id, extract(report) | search_only(report.reporter_name, report.reporter_phone))
    insert_rows(ReportIdentifier, rows)
    return len(rows)


def rows_for(report_id: int, identifiers: Iterable[Identifier]) -> list[dict[str, Any]]:
    return [
        {"report_id": report_id, "kind": i.kind, "value": i.value[:320], "source": i.source}
        for i in sorted(identifiers, key=lambda i: (i.kind, i.value, i.source))
    ]


def ensure_indexed(report: Report) -> None:
    """Index a report made before the index existed (nothing to do when it already has rows). Commits."""
    if session.scalar(select(ReportIdentifier.id).where(ReportIdentifier.report_id == report.id).limit(1)) is None:
        if index_report(report):
            session.commit()


def reindex(batch: int = 500) -> int:
    """Rebuild the index for every report, committing in batches (ids first, so no cursor is held across a
    commit). Returns how many reports were indexed."""
    ids = list(session.scalars(select(Report.id).order_by(Report.id)))
    for start in range(0, len(ids), batch):
        for report in session.scalars(select(Report).where(Report.id.in_(ids[start : start + batch]))):
            index_report(report)
        session.commit()
        session.expunge_all()
    return len(ids)
