"""Links issued when an email leaves, not when it is queued: one mechanism for every kind of link an email carries.

A message is queued with compose.LINK (a placeholder) where its link goes and names the kind of link and the row it
is for (`outbox.enqueue(link=(kind, id))`). The sender asks the kind's issuer for a fresh link as it sends (`fill`),
so no usable token is ever stored with an email, and a link's lifetime starts when the email leaves.

Each issuer adds its token to the caller's transaction and returns the URL, or a plain page to start from when the
row is gone (a draft purged while its email waited).
"""

from __future__ import annotations

from collections.abc import Callable

from portal.services.mail import compose
from portal.services.reporting import drafts
from portal.services.staff import enrolment_links
from portal.services.tracking import links as track_links

TRACK_SIGN_IN = "track-sign-in"
DRAFT_RESUME = "draft-resume"
STAFF_ENROLMENT = "staff-enrolment"

ISSUERS: dict[str, Callable[[int], str]] = {
    TRACK_SIGN_IN: track_links.link_for_report,
    DRAFT_RESUME: lambda draft_id: drafts.resume_link(draft_id) or compose.public_url("/report"),
    STAFF_ENROLMENT: enrolment_links.link_for_account,
}


def fill(body: str, kind: str | None, for_id: int | None) -> str:
    """`body` with its placeholder replaced by a fresh link of `kind` for row `for_id`."""
    if kind is None or for_id is None or compose.LINK not in body:
        return body
    return body.replace(compose.LINK, ISSUERS[kind](for_id))
