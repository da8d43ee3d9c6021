"""The reporter's answers on the staff report page: the sections of the stored record (the rows check-your-answers
showed them) gathered into cards by topic, the most useful first. Which topic a section belongs to is its step's id,
as data here; a step not listed falls under "Other answers".

The reporter's own contact details are not among the cards: the page shows them once, from the report's columns
(which the victim can change from their case page, where the answers keep what was first given), where an update to
the victim is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.models import Report
from portal.services.cases.staff_view import answer_sections


@dataclass(frozen=True)
class Topic:
    code: str
    title: str
    steps: frozenset[str]
    open: bool = False  # open when the page loads; the others are collapsed


def _steps(ids: str) -> frozenset[str]:
    return frozenset(ids.split())


TOPICS: tuple[Topic, ...] = (
    Topic(
        "what",
        "What happened",
        _steps(
            "kind what-happened behaviour damage about information what involvement report-to-police contact-method "
            "premises scene scene-advice entry ongoing affected injuries injury-details hate-crime hate-crime-details"
        ),
        open=True,
    ),
    Topic("where", "Where", _steps("where place")),
    Topic("when", "When", _steps("when late-report")),
    Topic("people", "People", _steps("people people-known suspects suspect suspect-details witnesses witness-details")),
    Topic("vehicles", "Vehicles", _steps("vehicle vehicles-involved vehicles keys bicycle locked register")),
    Topic(
        "property", "Property and money", _steps("items-any items item phone-taken phone cost money-lost payment owner")
    ),
    Topic("evidence", "Evidence", _steps("evidence evidence-files")),
)
OTHER = Topic("other", "Other answers", frozenset())
# Steps that only hold the reporter's contact details and choices about them.
CONTACT_STEPS = _steps("your-details contact-preferences anonymous contact-choice")


@dataclass(frozen=True)
class Card:
    topic: Topic
    sections: list[dict[str, Any]]  # each with its "title" and "rows" ("question", "answer")


def topic_of(step: str | None) -> Topic | None:
    """The topic a step's answers are shown under; None for the contact steps, shown elsewhere."""
    if step in CONTACT_STEPS:
        return None
    return next((topic for topic in TOPICS if step in topic.steps), OTHER)


def cards(report: Report) -> list[Card]:
    gathered: dict[str, list[dict[str, Any]]] = {}
    for section in answer_sections(report):
        topic = topic_of(section.get("step"))
        if topic is not None:
            gathered.setdefault(topic.code, []).append(section)
    return [Card(topic, gathered[topic.code]) for topic in (*TOPICS, OTHER) if topic.code in gathered]
