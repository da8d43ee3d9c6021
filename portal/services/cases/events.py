"""Every kind of case event, as data: what staff call it on the timeline, how it reads to the victim when it is public,
and whether it is something the victim sent or asked for (which has a page of its own on their case).

A case's history is only ever appended to. Whether one event is shown to the victim is its own `public` flag (an
officer can keep a status change from the victim); a kind without a victim heading is never public.
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVED = "received"
STATUS = "status"
TRIAGE = "triage"
ASSIGNED = "assigned"
ALLOCATED = "allocated"
PUBLIC_UPDATE = "public_update"
INTERNAL_NOTE = "internal_note"
CONTACT_NEEDED = "contact_needed"
ATTENTION_CLEARED = "attention_cleared"
UPDATE_INTERVAL = "update_interval"
VICTIM_MESSAGE = "victim_message"
REQUEST = "request"
SUPPORT_REFERRAL = "support_referral"
CONTACT_PREFERENCES = "contact_preferences"
EVIDENCE_ADDED = "evidence_added"
LINKED = "linked"
# The personal data lifecycle (portal/services/retention/).
LEGAL_HOLD = "legal_hold"
HOLD_LIFTED = "hold_lifted"
RESTRICTED = "restricted"
RESTRICTION_LIFTED = "restriction_lifted"
EVIDENCE_EXPORTED = "evidence_exported"
EVIDENCE_DISPOSED = "evidence_disposed"
RETENTION_REVIEW = "retention_review"
RETENTION_DECISION = "retention_decision"


@dataclass(frozen=True)
class EventKind:
    code: str
    staff_label: str
    # How the event reads on the victim's timeline when it carries no words of its own; None: never shown to them.
    victim_heading: str | None = None
    # Something the victim sent or asked for: it has a page of its own on their case, and a heading on the staff page.
    from_victim: str | None = None


EVENT_KINDS: dict[str, EventKind] = {
    kind.code: kind
    for kind in (
        EventKind(RECEIVED, "Report received", "We received your report"),
        EventKind(STATUS, "Status changed", "Your case moved on"),
        EventKind(TRIAGE, "Triage", "An officer looked at your report"),
        EventKind(ASSIGNED, "Assigned", "A named officer is dealing with your case"),
        EventKind(ALLOCATED, "Allocated to a ward"),
        EventKind(PUBLIC_UPDATE, "Update to the victim", "Update from the police"),
        EventKind(INTERNAL_NOTE, "Internal note"),
        EventKind(CONTACT_NEEDED, "Contact the victim"),
        EventKind(ATTENTION_CLEARED, "Marked as seen"),
        EventKind(UPDATE_INTERVAL, "Update interval changed"),
        EventKind(VICTIM_MESSAGE, "Message from the victim", "You sent us more information", "New information"),
        EventKind(
            REQUEST,
            "Request from the victim",
            "You asked us to contact you",
            "Asked for a call back or an appointment",
        ),
        EventKind(
            SUPPORT_REFERRAL,
            "Support referral",
            "You asked to be referred for support",
            "Consented to a support referral",
        ),
        EventKind(CONTACT_PREFERENCES, "Contact preferences changed", "You changed how we contact you"),
        EventKind(EVIDENCE_ADDED, "Evidence added", "Files were added to your report"),
        EventKind(LINKED, "Linked report"),
        EventKind(LEGAL_HOLD, "Legal hold placed"),
        EventKind(HOLD_LIFTED, "Legal hold lifted"),
        EventKind(RESTRICTED, "Processing restricted"),
        EventKind(RESTRICTION_LIFTED, "Restriction lifted"),
        EventKind(EVIDENCE_EXPORTED, "Evidence copied to the force's evidence system"),
        EventKind(EVIDENCE_DISPOSED, "Evidence removed from the portal"),
        EventKind(RETENTION_REVIEW, "Due for retention review"),
        EventKind(RETENTION_DECISION, "Retention review decided"),
    )
}

# What the victim sent or asked for from their case page.
FROM_VICTIM = tuple(code for code, kind in EVENT_KINDS.items() if kind.from_victim)


def staff_label(code: str) -> str:
    kind = EVENT_KINDS.get(code)
    return kind.staff_label if kind else code.replace("_", " ").capitalize()


def victim_heading(code: str) -> str:
    kind = EVENT_KINDS.get(code)
    return (kind.victim_heading if kind else None) or "Your case was updated"


def from_victim_heading(code: str) -> str:
    kind = EVENT_KINDS.get(code)
    return (kind.from_victim if kind else None) or staff_label(code)
