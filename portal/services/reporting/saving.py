"""Save and come back later: email a one-use link to the draft."""

from __future__ import annotations

from portal.db import session
from portal.journeys import ReportType
from portal.models import ReportDraft
from portal.services.mail import compose, outbox
from portal.services.reporting import drafts


def email_link(draft: ReportDraft, report_type: ReportType, email: str) -> str:
    """Email a link to continue `draft`; the new token and the message are committed together. Returns the token,
    which replaces the draft's old one (the browser that asked keeps working on it)."""
    token = drafts.new_link_token(draft)
    body = compose.render(
        "draft-link",
        link=compose.public_url(f"/report/resume/{token}"),
        report_type=report_type,
        days=drafts.lifetime().days,
    )
    outbox.enqueue("draft-link", email, f"Continue your report: {report_type.title.lower()}", body)
    session.commit()
    return token
