"""Each step of every report type has its place on the staff report page: a topic, or the contact details shown once
where an update is written. Only the few listed here fall under "Other answers"; a new step lands in a topic by being
named in portal/services/cases/answers.py."""

from __future__ import annotations

from portal.report_types import REPORT_TYPES
from portal.services.cases import answers

# The emergency screening, the support the reporter asked about and the statement of truth.
OTHER = {"emergency", "support", "statement"}


def test_every_step_is_placed_and_only_the_listed_ones_are_other_answers():
    steps = {step.id for report_type in REPORT_TYPES.values() for step in report_type.steps}
    other = {step for step in steps if answers.topic_of(step) is answers.OTHER}
    assert other == OTHER


def test_contact_steps_have_no_topic_and_no_step_is_in_two():
    assert all(answers.topic_of(step) is None for step in answers.CONTACT_STEPS)
    placed = [step for topic in answers.TOPICS for step in topic.steps]
    assert len(placed) == len(set(placed))
    assert not set(placed) & answers.CONTACT_STEPS


def test_what_happened_comes_first_and_alone_is_open():
    assert [topic.title for topic in answers.TOPICS][:3] == ["What happened", "Where", "When"]
    assert [topic.code for topic in answers.TOPICS if topic.open] == ["what"]
