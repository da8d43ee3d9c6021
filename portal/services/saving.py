"""Save and come back later: email a one-use link to the draft, and pick the journey up where it was left."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from portal.db import session
from portal.forms.report_types import REPORT_TYPES
from portal.journeys import ReportType
from portal.journeys.navigation import first_incomplete
from portal.models import ReportDraft
from portal.services import drafts, outbox


def email_link(draft: ReportDraft, report_type: ReportType, email: str) -> None:
    """Email a link to continue `draft`; the new token and the message are committed together."""
    token = drafts.new_link_token(draft)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    link = base + url_for("reports.resume", token=token)
    body = render_template(
        "emails/draft-link.txt",
        link=link,
        report_type=report_type,
        days=drafts.lifetime().days,
        service_name=current_app.config["SERVICE_NAME"],
        force_name=current_app.config["FORCE_NAME"],
    )
    outbox.enqueue("draft-link", email, f"Continue your report: {report_type.title.lower()}", body)
    session.commit()


def resume_url(draft: ReportDraft) -> str:
    report_type = REPORT_TYPES[draft.report_type]
    blocker = first_incomplete(report_type, draft.answers)
    if blocker is None:
        return url_for("reports.check_answers", type_slug=report_type.slug)
    return url_for("reports.step", type_slug=report_type.slug, step_id=blocker.id)
