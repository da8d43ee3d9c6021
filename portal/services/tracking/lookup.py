"""/track: a reference and an email address in, the same answer out, whatever they were (security check 13).

Every request does the same work: it finds the report by its unique reference (an index lookup, as fast with a
million reports as with a thousand) and compares keyed digests of the email addresses in constant time (against a
stand-in when there is no report). Only when everything matches is the email queued (its link is issued when it is
sent). The whole call then waits out a minimum duration, so the extra write cannot be timed either.
"""

from __future__ import annotations

import hmac
import logging
import time

from flask import current_app
from sqlalchemy import select

from portal.core import tokens
from portal.db import session
from portal.models import Report
from portal.services.cases import notify as case_notify
from portal.services.mail import compose, outbox
from portal.services.reporting import references
from portal.services.tracking import links

log = logging.getLogger(__name__)

# Compared against when there is no report, so the comparison costs the same either way.
_NO_ADDRESS = "\x00no-address"


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def find_report(reference: str) -> Report | None:
    """The report with this reference (typed in any case, with or without spaces and hyphens), or None."""
    value = references.normalise(reference)
    if len(value) != references.LENGTH:
        return None
    return session.scalar(select(Report).where(Report.reference == value))


def request_link(reference: str, email: str) -> None:
    """Send a sign-in link if `reference` and `email` match a report that may be emailed; otherwise do nothing.
    Takes at least TRACK_MIN_RESPONSE_SECONDS whatever happens, and says nothing about what happened."""
    started = time.monotonic()
    try:
        _request_link(reference, email)
    finally:
        remaining = float(current_app.config["TRACK_MIN_RESPONSE_SECONDS"]) - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


def _request_link(reference: str, email: str) -> None:
    report = find_report(reference) if references.is_valid(reference) else None
    on_file = normalise_email(report.reporter_email) if report is not None and case_notify.can_email(report) else ""
    matches = hmac.compare_digest(tokens.keyed(on_file or _NO_ADDRESS), tokens.keyed(normalise_email(email)))
    if report is None or not on_file or not matches:
        session.rollback()
        return
    _send_link(report)
    session.commit()
    # The report's id only: never its reference or the address.
    log.info("track sign-in link queued for report %s", report.id)


def _send_link(report: Report) -> None:
    reference = references.display(report.reference)
    body = compose.render(
        "track-sign-in",
        reference=reference,
        sign_in_url=links.PLACEHOLDER,  # issued when the email is sent
        minutes=int(current_app.config["TRACK_LINK_VALID_SECONDS"]) // 60,
    )
    outbox.enqueue(
        "track-sign-in", report.reporter_email or "", "Your link to see your report", body, sign_in_for=report.id
    )
