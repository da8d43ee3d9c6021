"""Sign-in links for emails: the confirmation email and every update email carry one, so the victim need not type
their reference. The link carries only the token, in its path (security check 15): 256 random bits, stored only as a
digest, valid for TRACK_LINK_VALID_SECONDS, and redeemed by a conditional UPDATE so two clicks cannot both succeed.

A queued email holds PLACEHOLDER where its link goes, and names the report (`outbox.enqueue(sign_in_for=...)`); the
outbox sender issues the token as it sends (services/mail/links.py). No usable token is ever stored with an email,
and the link's validity starts when the email leaves, however long it waited in the outbox."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal.core import clock, tokens
from portal.db import session
from portal.db_writes import insert_rows
from portal.models import Report
from portal.models.tracking import TrackSignInToken
from portal.services.mail import compose

# Where the link goes in a queued email (the one placeholder every emailed link uses).
PLACEHOLDER = compose.LINK


def link_for_report(report_id: int) -> str:
    """A fresh sign-in link for the report, as the outbox sends its email; the tracking page when it is gone."""
    report = session.get(Report, report_id)
    return sign_in_link(report) if report is not None else compose.public_url("/track")


def sign_in_link(report: Report) -> str:
    """A fresh single-use sign-in URL for `report`. The token row joins the caller's transaction: commit it with the
    email that carries the link."""
    token = issue(report)
    return compose.public_url(f"/track/sign-in/{token}")


def issue(report: Report) -> str:
    """Add a token for `report` to the current transaction (the caller commits) and return it."""
    token, token_hash = tokens.new_token()
    now = clock.now()
    expires_at = now + timedelta(seconds=int(current_app.config["TRACK_LINK_VALID_SECONDS"]))
    row = {"token_hash": token_hash, "report_id": report.id, "created_at": now, "expires_at": expires_at}
    insert_rows(TrackSignInToken, [row])
    return token


def is_usable(token: str) -> bool:
    """True when the token exists, is unused and has not expired (for the confirm page, which changes nothing)."""
    row = _row(token)
    return row is not None and row.used_at is None and clock.aware(row.expires_at) > clock.now()


def redeem(token: str) -> Report | None:
    """Use the token: the report it was issued for, or None when it is unknown, used or expired. Commits."""
    row = _row(token)
    now = clock.now()
    if row is None or row.used_at is not None or clock.aware(row.expires_at) <= now:
        return None
    claimed = session.execute(
        update(TrackSignInToken)
        .where(TrackSignInToken.id == row.id, TrackSignInToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if not claimed:
        return None
    return session.get(Report, row.report_id)


def _row(token: str) -> TrackSignInToken | None:
    if not tokens.plausible(token):
        return None
    return session.scalar(select(TrackSignInToken).where(TrackSignInToken.token_hash == tokens.digest(token)))
