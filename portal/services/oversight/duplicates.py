"""Possible duplicates as a short list, and the reporter's other reports as one line.

A possible duplicate is another report in the same ward, submitted within DUPLICATE_WINDOW_DAYS either side, not
yet linked, that shares a normalised identifier (identifiers.py). The officer sees the strongest few, each with why
it matched: a stolen phone's IMEI names one object, a shared witness's phone number much less. Strength is the sum
of what each shared identifier is worth (STRENGTH, data), and ties go to the nearest in time.

The reporter's own email address or phone number appearing on both reports is not a sign of the same incident: a
repeat victim reports many. Those reports are shown once, as "Repeat reporter: 3 reports in 6 months", with links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from portal.core import clock
from portal.db import session
from portal.models import Report, ReportIdentifier, StaffUser
from portal.services.cases import scope as queue_scope
from portal.services.oversight import identifiers, links

SHOWN = 5
REPORTER = "reporter"
# What one shared identifier is worth. Property numbers name one object; a registration one vehicle (seen by
# several people, or cloned); suspect details and other people's contact details are weaker.
STRENGTH = {
    identifiers.IMEI: 5,
    identifiers.VIN: 5,
    identifiers.FRAME_NUMBER: 5,
    identifiers.SERIAL_NUMBER: 4,
    identifiers.REGISTRATION: 4,
    identifiers.SUSPECT: 3,
    identifiers.PHONE: 2,
    identifiers.EMAIL: 2,
}
# (lowest strength, label): the first whose threshold a match reaches.
STRENGTH_LABELS = ((8, "Strong"), (4, "Likely"), (0, "Possible"))


@dataclass
class Duplicate:
    report: Report
    strength: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return next(label for lowest, label in STRENGTH_LABELS if self.strength >= lowest)


@dataclass(frozen=True)
class RepeatReporter:
    """This report and the reporter's others within `months` of it that the viewer may see, newest first."""

    others: list[Report]
    months: int

    @property
    def total(self) -> int:
        return len(self.others) + 1


@dataclass(frozen=True)
class ShortList:
    matches: list[Duplicate]  # the strongest SHOWN
    found: int  # how many there were
    window_days: int
    repeat: RepeatReporter | None


def short_list(report: Report, viewer: StaffUser) -> ShortList:
    """What the report page shows: the strongest possible duplicates, and the repeat-reporter line."""
    identifiers.ensure_indexed(report)
    matches = candidates(report, viewer)
    submitted = clock.aware(report.submitted_at)
    ranked = sorted(
        matches, key=lambda m: (-m.strength, abs(clock.aware(m.report.submitted_at) - submitted), m.report.id)
    )
    return ShortList(ranked[:SHOWN], len(matches), links.window_days(), repeat_reporter(report, viewer))


def candidates(report: Report, viewer: StaffUser) -> list[Duplicate]:
    """Every possible duplicate in `viewer`'s scope, with its strength and reasons (unordered)."""
    found = identifiers.extract(report)
    if report.ward_id is None or not found:
        return []
    mine: dict[tuple[str, str], set[str]] = {}
    for identifier in found:
        mine.setdefault((identifier.kind, identifier.value), set()).add(identifier.source)
    days = timedelta(days=links.window_days())
    rows = session.execute(
        select(ReportIdentifier.report_id, ReportIdentifier.kind, ReportIdentifier.value, ReportIdentifier.source)
        .join(Report, Report.id == ReportIdentifier.report_id)
        .where(
            or_(*(_shared(kind, value, sources) for (kind, value), sources in mine.items())),
            Report.ward_id == report.ward_id,
            Report.id != report.id,
            Report.submitted_at >= report.submitted_at - days,
            Report.submitted_at <= report.submitted_at + days,
            queue_scope.scope_condition(viewer),
        )
        .order_by(ReportIdentifier.report_id, ReportIdentifier.kind, ReportIdentifier.value)
    ).all()
    linked = {other.id for other in links.linked_reports(report, viewer)}
    strength: dict[int, int] = {}
    reasons: dict[int, list[str]] = {}
    shared: set[tuple[int, str, str]] = set()
    for report_id, kind, value, source in rows:
        if report_id in linked:
            continue
        if (report_id, kind, value) not in shared:  # one value given twice there (two sources) counts once
            shared.add((report_id, kind, value))
            strength[report_id] = strength.get(report_id, 0) + STRENGTH.get(kind, 1)
        for here in sorted(mine[(kind, value)] - ({REPORTER} if source == REPORTER else set())):
            why = reason(kind, value, here, source)
            if why not in reasons.setdefault(report_id, []):
                reasons[report_id].append(why)
    if not strength:
        return []
    others = session.scalars(select(Report).where(Report.id.in_(strength)))
    return [Duplicate(other, strength[other.id], reasons[other.id]) for other in others]


def reason(kind: str, value: str, here: str, there: str) -> str:
    """Why two reports were matched, in words: "Vehicle registration AB12CDE (a vehicle in both)"."""
    shown = value.split(":", 1)[1] if kind == identifiers.SUSPECT else value
    label = identifiers.KIND_LABELS[kind]
    sources = identifiers.SOURCE_LABELS
    if here == there:
        return f"{label} {shown} ({sources.get(here, here)} in both)"
    return f"{label} {shown} ({sources.get(here, here)} here, {sources.get(there, there)} there)"


def _shared(kind: str, value: str, sources: set[str]) -> object:
    # The reporter's own address or number on both reports is the repeat-reporter line, not a duplicate.
    same = and_(ReportIdentifier.kind == kind, ReportIdentifier.value == value)
    return and_(same, ReportIdentifier.source != REPORTER) if sources == {REPORTER} else same


def repeat_reporter(report: Report, viewer: StaffUser) -> RepeatReporter | None:
    """The reporter's other reports (by their email address or phone number) within REPEAT_REPORTER_MONTHS of this
    one, any ward, that `viewer` may see; None when there are none."""
    own = [(i.kind, i.value) for i in identifiers.extract(report) if i.source == REPORTER]
    if not own:
        return None
    months = int(current_app.config["REPEAT_REPORTER_MONTHS"])
    submitted = clock.aware(report.submitted_at)
    since, until = _months(submitted, -months), _months(submitted, months)
    matching = select(ReportIdentifier.report_id).where(
        or_(*(and_(ReportIdentifier.kind == kind, ReportIdentifier.value == value) for kind, value in own)),
        ReportIdentifier.source == REPORTER,
    )
    others = list(
        session.scalars(
            select(Report)
            .where(
                Report.id.in_(matching),
                Report.id != report.id,
                Report.submitted_at >= since,
                Report.submitted_at <= until,
                queue_scope.scope_condition(viewer),
            )
            .order_by(Report.submitted_at.desc(), Report.id.desc())
        )
    )
    return RepeatReporter(others, months) if others else None


def _months(moment: datetime, months: int) -> datetime:
    return datetime.combine(clock.add_months(moment.date(), months), moment.timetz())
