"""Finding every record relating to an email address or phone number, for a subject access request.

- reports they made (as the reporter), with their contact preferences, history and files;
- the emails sent to them, the sign-in links issued for their reports and the case sessions those opened;
- "tell us your priorities" feedback: it is anonymous, so only feedback whose words give the address or number;
- other people's reports that name the address or number (as a witness, suspect or vehicle owner, from the
  identifier index): listed for the reviewer by reference only, never their content.

Restricted reports are found only for information rights staff; anyone else is told how many were left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.models import (
    Evidence,
    OutboxMessage,
    PriorityFeedback,
    Report,
    ReportIdentifier,
    TrackSession,
    TrackSignInToken,
)
from portal.services.oversight import identifiers


@dataclass
class Found:
    reports: list[Report] = field(default_factory=list)
    evidence: dict[int, list[Evidence]] = field(default_factory=dict)  # report id -> its files
    sign_in_links: dict[int, list[TrackSignInToken]] = field(default_factory=dict)
    sessions: dict[int, list[TrackSession]] = field(default_factory=dict)
    messages: list[OutboxMessage] = field(default_factory=list)
    feedback: list[PriorityFeedback] = field(default_factory=list)
    mentions: list[tuple[Report, str]] = field(default_factory=list)  # (report, where it names them)
    restricted_withheld: int = 0

    def summary(self) -> str:
        """Counts only: what an audit record may say about a search."""
        files = sum(len(files) for files in self.evidence.values())
        return (
            f"{len(self.reports)} reports, {files} files, {len(self.messages)} emails, {len(self.feedback)} feedback, "
            f"{len(self.mentions)} mentions, {self.restricted_withheld} restricted withheld"
        )


def find(email: str | None, phone: str | None, include_restricted: bool) -> Found:
    email = (email or "").strip().lower() or None
    phone = identifiers.phone(phone) if phone else None
    found = Found()
    if not email and not phone:
        return found
    as_reporter = []
    if email:
        as_reporter.append(func.lower(Report.reporter_email) == email)
    if phone:
        as_reporter.append(Report.reporter_phone == phone)
    reports = list(
        session.scalars(select(Report).where(or_(*as_reporter)).options(joinedload(Report.ward)).order_by(Report.id))
    )
    found.reports = [r for r in reports if include_restricted or not r.restricted]
    found.restricted_withheld = len(reports) - len(found.reports)
    ids = [report.id for report in found.reports]
    found.evidence = _by_report(Evidence, ids, Evidence.id)
    found.sign_in_links = _by_report(TrackSignInToken, ids, TrackSignInToken.id)
    found.sessions = _by_report(TrackSession, ids, TrackSession.id)
    if email:
        found.messages = list(
            session.scalars(
                select(OutboxMessage).where(func.lower(OutboxMessage.to_address) == email).order_by(OutboxMessage.id)
            )
        )
    found.feedback = _feedback(email, phone)
    found.mentions = _mentions(email, phone, set(ids), include_restricted)
    return found


def _by_report(model: type, ids: list[int], order: object) -> dict[int, list]:  # type: ignore[type-arg]
    grouped: dict[int, list] = {report_id: [] for report_id in ids}  # type: ignore[type-arg]
    for start in range(0, len(ids), 500):
        rows = session.scalars(select(model).where(model.report_id.in_(ids[start : start + 500])).order_by(order))
        for row in rows:
            grouped[row.report_id].append(row)
    return grouped


def _feedback(email: str | None, phone: str | None) -> list[PriorityFeedback]:
    """Feedback carries no name or address; a comment may still give one. A phone number is matched on its digits
    however it was written (spaces, +44 or 0), checked here among the comments that hold its last four digits."""
    terms = []
    if email:
        terms.append(func.lower(PriorityFeedback.comment).contains(email, autoescape=True))
    national = str(phonenumbers.parse(phone, "GB").national_number) if phone else None
    if national:
        terms.append(PriorityFeedback.comment.contains(national[-4:], autoescape=True))
    rows = session.scalars(select(PriorityFeedback).where(or_(*terms)).order_by(PriorityFeedback.id)) if terms else []
    return [row for row in rows if _names(row.comment or "", email, national)]


def _names(comment: str, email: str | None, national: str | None) -> bool:
    if email and email in comment.lower():
        return True
    return bool(national) and national in re.sub(r"\D", "", comment)


def _mentions(
    email: str | None, phone: str | None, own: set[int], include_restricted: bool
) -> list[tuple[Report, str]]:
    wanted = []
    if email:
        wanted.append(and_(ReportIdentifier.kind == identifiers.EMAIL, ReportIdentifier.value == email))
    if phone:
        wanted.append(and_(ReportIdentifier.kind == identifiers.PHONE, ReportIdentifier.value == phone))
    rows = session.execute(
        select(Report, ReportIdentifier.source)
        .join(ReportIdentifier, ReportIdentifier.report_id == Report.id)
        .where(or_(*wanted))
        .order_by(Report.id)
    ).all()
    seen: dict[int, tuple[Report, str]] = {}
    for report, source in rows:
        if report.id in own or report.id in seen or (report.restricted and not include_restricted):
            continue
        seen[report.id] = (report, identifiers.SOURCE_LABELS.get(source, source))
    return list(seen.values())
