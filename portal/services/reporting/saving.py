"""Save and come back later: email a one-use link to the draft, issued as the email leaves."""

from __future__ import annotations

from portal.core import clock
from portal.db import session
from portal.journeys import ReportType
from portal.models import ReportDraft
from portal.services.mail import compose, outbox
from portal.services.reporting import drafts


def email_link(draft: ReportDraft, report_type: ReportType, email: str) -> None:
    """Queue an email with a link to continue `draft`. The link is issued when the email is sent
    (services/mail/links.py), so the stored email never holds it; the browser that asked keeps its own token."""
    draft.expires_at = clock.now() + drafts.lifetime()
    body = compose.render("draft-link", link=compose.LINK, report_type=report_type, days=drafts.lifetime().days)
    subject = f"Continue your report: {report_type.title.lower()}"
    outbox.enqueue("draft-link", email, subject, body, link=(outbox.DRAFT_RESUME, draft.id))
    session.commit()
