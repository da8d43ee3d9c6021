"""Sign-in links for emails: the confirmation email and every update email carry one, so the victim need not type
their reference. The link carries only the token, in its path."""

from __future__ import annotations

from flask import current_app

from portal.models import Report
from portal.services.tracking import tokens


def sign_in_link(report: Report) -> str:
    """A fresh single-use sign-in URL for `report`. The token row joins the caller's transaction: commit it with the
    email that carries the link."""
    token = tokens.issue(report)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/track/sign-in/{token}"
