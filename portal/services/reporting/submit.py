"""Submitting a report: check the answers, then write the report, its first event and its email in one transaction.

The same draft can only ever become one report. Submission claims the draft with a conditional UPDATE
(`submitted_at IS NULL`); a second request (double click, back and resubmit, two parallel POSTs) finds it claimed
and is given the report the first one made. `report.draft_id` is also unique, as a second line of defence.

The claim also requires the draft to be the version whose answers were checked (`updated_at` unchanged): an answer
changed or a file added in another tab meanwhile is not lost, as the submission starts again from the draft as it
now is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Integer, bindparam, column, select, text, update

from portal.core import clock
from portal.db import db, session
from portal.db_writes import NotClaimed, claiming, insert_object
from portal.journeys import Answers, ReportType, Step
from portal.journeys.navigation import record_of, relevant_answers
from portal.models import Report, ReportDraft, ReportIdentifier, report_count
from portal.report_types.common import UNKNOWN_WARD, known_ward
from portal.report_types.crime_steps import referral_columns
from portal.report_types.evidence_step import EvidenceStep, files_of
from portal.report_types.hate_crime import hate_crime_columns
from portal.services.cases import transitions as cases
from portal.services.evidence import records as evidence_records
from portal.services.mail import compose, outbox
from portal.services.oversight import identifiers
from portal.services.reporting import checking, references
from portal.services.tracking import links

# Claim a draft for submission: only one request can. The answers move into the report; the draft row stays only to
# make a repeat submission idempotent. Built once, as it runs on every submission, and on the table rather than the
# model: the ORM's bulk-update machinery costs more than the statement, and the draft object is not used afterwards.
_DRAFTS = ReportDraft.__table__.c
_CLAIM = (
    update(ReportDraft.__table__)
    .where(
        _DRAFTS.id == bindparam("claimed_id"),
        _DRAFTS.submitted_at.is_(None),
        _DRAFTS.updated_at == bindparam("checked_version"),
    )
    # updated_at given, not left to its column's onupdate: on PostgreSQL the claim leads the write's statement, which
    # is not executed through the ORM's defaults.
    .values(submitted_at=bindparam("claimed_at"), updated_at=bindparam("claimed_at"), answers={}, checked=None)
    .returning(_DRAFTS.id)
)
# How many times to start again when the draft keeps changing under the submission (each change is the reporter's own,
# from another tab: more than one in the moment between reading and claiming is unlikely).
ATTEMPTS = 3


@dataclass
class Submission:
    report: Report | None = None
    invalid_step: Step | None = None


def sending() -> None:
    """Called by the request that sends a draft, before it reads anything: on PostgreSQL its statements then each
    commit as they run, as sending a report without files reads the draft and writes everything in one statement
    (below), which needs no transaction, and BEGIN and COMMIT would each cost a round trip (docs/adr/0011)."""
    db.autocommit()


def submit(report_type: ReportType, draft: ReportDraft, attempts: int = ATTEMPTS) -> Submission:
    if draft.submitted_at is not None:
        return Submission(report=_report_for(draft))
    raw, draft_id, version = dict(draft.answers), draft.id, draft.updated_at
    files = _lists_files(report_type, raw)
    if files:
        db.end_autocommit()  # the claim and moving the files are two statements: one transaction
    # What check your answers found, unless anything it read has changed since (then every answer is checked again):
    # before the first write, so SQLite's write lock (taken at the first write, docs/adr/0005) is held only for the
    # short write below.
    found = checking.check(report_type, draft)
    if found.invalid:
        return Submission(invalid_step=found.invalid[0])
    answers = relevant_answers(report_type, raw)
    columns = _columns(report_type, answers)
    now = clock.now()
    rule = report_type.repeat_reports
    email = identifiers.email(columns["reporter_email"]) if rule is not None and columns["reporter_email"] else None
    parameters = _claim_parameters(
        report_type, email, {"claimed_id": draft_id, "claimed_at": now, "checked_version": version}
    )
    try:
        # On PostgreSQL the claim and the writes are one statement, one round trip (portal/db_writes/claims.py); on
        # SQLite the claim comes first. Either way nothing is written unless the claim matched.
        with claiming(_CLAIM if email is None else _CLAIM_COUNTING, parameters, Report) as claim:
            if rule is not None and columns["reporter_email"]:
                # This report makes one more (counted by the claim, where the address is one to count by).
                columns[rule.flag] = claim["reached"] if email is not None else 1 >= rule.reports
            values = {
                **({"id": claim.new_id} if claim.new_id is not None else {}),  # the claim's, on PostgreSQL
                "reference": references.new_reference(),
                "draft_id": draft_id,
                "report_type": report_type.slug,
                "status": cases.RECEIVED,
                "submitted_at": now,
                "answers": record_of(report_type, answers, found.stored),
                **columns,
            }
            report = insert_object(Report, values)
            cases.record_received(report)
            # Registrations, phones, emails, suspects: for the possible-duplicates list and the repeat-reporter check.
            identifiers.index_report(report, new=True)
            if report.reporter_email and "email" not in report.unsafe_channels:
                _confirmation_email(report, report_type)
            report_count.count_new(report)  # last: the counter rows stay locked only while the transaction commits
    except NotClaimed:
        # Another request claimed it first and has committed (the UPDATE waited for its lock), or the draft changed
        # since it was read. The rollback expires the draft: reading it again gives the row as it is now.
        session.rollback()
        if draft.submitted_at is None and attempts > 1:
            return submit(report_type, draft, attempts - 1)
        return Submission(report=_report_for(draft))
    if files:
        evidence_records.move_to_report(draft, report)  # the draft's files become the report's, in this transaction
    session.commit()
    return Submission(report=report)


def _claim_parameters(report_type: ReportType, email: str | None, parameters: dict[str, Any]) -> dict[str, Any]:
    rule = report_type.repeat_reports
    if rule is None or email is None:
        return parameters
    # The claim itself counts the reporter's earlier reports, in the same statement.
    since = parameters["claimed_at"] - rule.window
    return parameters | {
        "earlier_email": email,
        "earlier_type": report_type.slug,
        "earlier_since": since,
        "earlier_limit": rule.reports,
    }


def _lists_files(report_type: ReportType, raw: dict[str, Any]) -> bool:
    """Whether the draft has files. Adding or removing one rewrites the evidence step's list in the same transaction
    (services/evidence/records.py), and the claim succeeds only on the version of the draft read here: the list is
    exact, and most reports, which have no files, skip the UPDATE that would move them."""
    return any(isinstance(step, EvidenceStep) and files_of(raw.get(step.id)) for step in report_type.steps)


def _report_for(draft: ReportDraft) -> Report | None:
    return session.scalar(select(Report).where(Report.draft_id == draft.id))


def _columns(report_type: ReportType, answers: Answers) -> dict[str, Any]:
    """The report's own columns: where, who and how to contact, and the type's triage flags."""
    ward_code = answers.get("ward")
    ward = known_ward(ward_code) if ward_code and ward_code != UNKNOWN_WARD else None
    unsafe = [channel for channel in answers.get("unsafe") or [] if channel != "none"]
    columns: dict[str, Any] = {
        "ward_id": ward.id if ward else None,
        "place_description": answers.get("place"),
        "postcode": answers.get("postcode") or None,
        "anonymous": False,
        "reporter_name": answers.get("name"),
        "reporter_email": answers.get("email") or None,
        "reporter_phone": answers.get("phone") or None,
        "preferred_contact": answers.get("preferred"),
        "contact_times": answers.get("times") or None,
        "unsafe_channels": unsafe,
        "flag_contact_safety": bool(unsafe),
    }
    # Steps every type may share bring their own columns (hate crime, a support referral); a type's derive comes last.
    columns.update(hate_crime_columns(answers))
    columns.update(referral_columns(answers))
    columns.update(report_type.derive(answers))
    if columns["anonymous"]:
        for key in ("reporter_name", "reporter_email", "reporter_phone", "preferred_contact", "contact_times"):
            columns[key] = None
    return columns


# The claim for a type with a repeat-reports rule also says whether this report makes the rule's number: it counts
# the reporter's reports of the type since a moment through the identifier index (normalised email), stopping at the
# rule's number (all it needs to decide), so it reads a few rows however many reports there are. Written as SQL because
# SQLAlchemy's SQLite compiler writes the columns of a RETURNING clause without their table, inside its subqueries
# too, which makes the join's "id" ambiguous. Its parameters are named apart from the draft's columns (an UPDATE's
# parameters may not share them) and typed as the columns they compare with, so each database is given them as it
# stores them.
_EARLIER = (
    text(
        "SELECT count(*) + 1 >= :earlier_limit FROM (SELECT 1 FROM report_identifier AS i JOIN report AS r"
        " ON r.id = i.report_id"
        " WHERE i.kind = :earlier_kind AND i.value = :earlier_email AND i.source = :earlier_source"
        " AND r.report_type = :earlier_type AND r.submitted_at >= :earlier_since LIMIT :earlier_limit) AS found"
    )
    .bindparams(
        bindparam("earlier_kind", identifiers.EMAIL, type_=ReportIdentifier.__table__.c.kind.type),
        bindparam("earlier_source", "reporter", type_=ReportIdentifier.__table__.c.source.type),
        bindparam("earlier_email", type_=ReportIdentifier.__table__.c.value.type),
        bindparam("earlier_type", type_=Report.__table__.c.report_type.type),
        bindparam("earlier_since", type_=Report.__table__.c.submitted_at.type),
        bindparam("earlier_limit", type_=Integer()),
    )
    .columns(column("reached", Boolean()))
)
_CLAIM_COUNTING = _CLAIM.returning(_EARLIER.scalar_subquery().label("reached"))


def _confirmation_email(report: Report, report_type: ReportType) -> None:
    # Reference, type, date, next steps and how to track: no free text, which may be sensitive. The single-use link
    # straight to the case page is issued when the email is sent.
    reference = references.display(report.reference)
    outbox.enqueue(
        "report-confirmation",
        report.reporter_email or "",
        f"Your report {reference} has been received",
        compose.render(
            "report-confirmation",
            reference=reference,
            report_type=report_type,
            report=report,
            sign_in_url=links.PLACEHOLDER,
            contact_url=compose.public_url("/contact#front-counters"),
        ),
        sign_in_for=report.id,
    )
