"""What forms may know of the services: the vocabularies their choices come from, and the few lookups a form makes
while it checks an answer. Forms, report types and the journey engine import services only through this module
(an architecture test holds them to it), so a change in a service shows here as a change to the forms' interface."""

from __future__ import annotations

from portal.services.cases import states, triage
from portal.services.evidence import ACCEPT_ATTRIBUTE, ACCEPTED_SENTENCE, Limits
from portal.services.evidence.limits import describe_size
from portal.services.guidance import lost_found
from portal.services.guidance.lost_found import accepted_found_items
from portal.services.guidance.router import Question
from portal.services.oversight.identifiers import imei
from portal.services.reporting import references
from portal.services.retention.reviews import DECISIONS as REVIEW_DECISIONS
from portal.services.retention.schedule import UNITS as PERIOD_UNITS
from portal.services.staff.audit import AuditFilter
from portal.services.tracking.actions import PARTS_OF_DAY, REQUEST_KINDS
from portal.services.tracking.support import referrable_for
from portal.services.wards.content import MEETING_TYPES
from portal.services.wards.feedback import ISSUES, MAX_COMMENT, MAX_ISSUES
from portal.services.wards.search import WardChoice, search_wards, ward_choice

__all__ = [
    "ACCEPTED_SENTENCE",
    "ACCEPT_ATTRIBUTE",
    "ISSUES",
    "MAX_COMMENT",
    "MAX_ISSUES",
    "MEETING_TYPES",
    "Question",
    "PARTS_OF_DAY",
    "PERIOD_UNITS",
    "REQUEST_KINDS",
    "REVIEW_DECISIONS",
    "AuditFilter",
    "Limits",
    "WardChoice",
    "accepted_found_items",
    "describe_size",
    "imei",
    "lost_found",
    "references",
    "referrable_for",
    "search_wards",
    "states",
    "triage",
    "ward_choice",
]
