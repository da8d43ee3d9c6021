"""Finding reports in the triage queue by what an officer types: a reference (any spacing or case), the reporter's
name, email address or phone number, a vehicle registration, or a stolen item's IMEI, frame number, VIN or serial
number.

What is typed is normalised every way it could have been stored (portal/services/oversight/identifiers.py, the same
functions that wrote the rows) and looked up in the `report_identifier` index filled at submission: each candidate
is one equality on (kind, value), so a search costs a few index lookups whatever the size of the table, on SQLite
and PostgreSQL alike. A name matches when every word typed is a word of the reporter's name, in any order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true, union

from portal.models import Report, ReportIdentifier, StaffUser
from portal.services.oversight import identifiers
from portal.services.reporting import references
from portal.services.staff import audit as audit_log

MAX_LENGTH = 100  # longer text is cut: no reference, registration, serial number, address or name is longer
PROPERTY_KINDS = (
    identifiers.REGISTRATION,
    identifiers.IMEI,
    identifiers.FRAME_NUMBER,
    identifiers.VIN,
    identifiers.SERIAL_NUMBER,
)
REPORTER_ONLY = {identifiers.EMAIL, identifiers.PHONE_DIGITS}


@dataclass(frozen=True)
class Wanted:
    """What typed text can be, each normalised as it is stored."""

    reference: str | None
    pairs: tuple[tuple[str, str], ...]  # (kind, value): property numbers, the reporter's email and phone
    words: tuple[str, ...]  # the words of a name

    def __bool__(self) -> bool:
        return bool(self.reference or self.pairs or self.words)


def clean(text: str | None) -> str:
    """The search as kept in the queue's address and shown back in its box."""
    return " ".join((text or "").split())[:MAX_LENGTH]


def wanted(text: str | None) -> Wanted:
    typed = clean(text)
    reference = references.normalise(typed) if references.is_valid(typed) else None
    pairs: set[tuple[str, str]] = set()
    compact = re.sub(r"[^A-Z0-9]", "", typed.upper())
    if len(compact) >= 2:
        pairs |= {(kind, compact) for kind in PROPERTY_KINDS}
    if imei := identifiers.imei(typed):
        pairs.add((identifiers.IMEI, imei))
    if address := identifiers.email(typed):
        pairs.add((identifiers.EMAIL, address))
    if re.fullmatch(r"[\d\s()+\-.]+", typed):
        pairs |= {(identifiers.PHONE_DIGITS, digits) for digits in identifiers.phone_digits(typed)}
    words = () if address else tuple(identifiers.name_words(typed))
    return Wanted(reference, tuple(sorted(pairs)), words)


def matching_ids(found: Wanted) -> Select:
    """The ids of the reports that match, as one subquery (a union of index lookups)."""
    parts: list[Select] = []
    if found.reference:
        parts.append(select(Report.id.label("id")).where(Report.reference == found.reference))
    if found.pairs:
        kinds_of: dict[tuple[str, bool], list[str]] = {}
        for kind, value in found.pairs:
            kinds_of.setdefault((value, kind in REPORTER_ONLY), []).append(kind)
        conditions = [
            and_(
                ReportIdentifier.kind.in_(kinds),
                ReportIdentifier.value == value,
                # The reporter's own email and phone only: other people's are for possible duplicates.
                ReportIdentifier.source == "reporter" if reporter_only else true(),
            )
            for (value, reporter_only), kinds in sorted(kinds_of.items())
        ]
        parts.append(select(ReportIdentifier.report_id.label("id")).where(or_(*conditions)))
    if found.words:
        every_word = func.count(func.distinct(ReportIdentifier.value)) == len(found.words)
        parts.append(
            select(ReportIdentifier.report_id.label("id"))
            .where(ReportIdentifier.kind == identifiers.NAME, ReportIdentifier.value.in_(found.words))
            .group_by(ReportIdentifier.report_id)
            .having(every_word)
        )
    if not parts:
        return select(Report.id).where(false())
    return parts[0] if len(parts) == 1 else select(union(*parts).subquery().c.id)


def condition(text: str | None) -> ColumnElement[bool]:
    """Reports matching the search (none when nothing typed could be a reference, number, address or name)."""
    found = wanted(text)
    return Report.id.in_(matching_ids(found)) if found else false()


def audit(viewer: StaffUser, found: int) -> None:
    """A search looks people up: audited with how many reports it found, never with what was typed (check 30)."""
    audit_log.record(viewer, "reports.searched", "queue", None, detail=f"{found} found")
