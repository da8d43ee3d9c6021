"""Where the reporter may go: the steps that apply to their answers, the next one, and no jumping ahead."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from portal.journeys.steps import Answers, ReportType, Row, Step

Sections = list[tuple[Step, list[Row]]]


def visible_steps(report_type: ReportType, raw: dict[str, Any]) -> list[Step]:
    """Steps that apply, in order. Each condition sees only the answers of applicable steps before it, so an
    answer left behind on a step that no longer applies can never switch anything on."""
    so_far = Answers({})  # grows as steps are seen: no copy for each condition, its field index kept as it grows
    visible = []
    for step in report_type.steps:
        if step.applies(so_far):
            visible.append(step)
            if step.id in raw:
                so_far.add(step.id, raw[step.id])
    return visible


def relevant_answers(report_type: ReportType, raw: dict[str, Any]) -> Answers:
    return Answers({step.id: raw[step.id] for step in visible_steps(report_type, raw) if step.id in raw})


def first_incomplete(report_type: ReportType, raw: dict[str, Any]) -> Step | None:
    for step in visible_steps(report_type, raw):
        if not step.is_complete(raw.get(step.id)) or step.stops(raw.get(step.id)):
            return step
    return None


def can_visit(report_type: ReportType, raw: dict[str, Any], step: Step) -> bool:
    """A step may be shown when it applies and every step before it has been answered."""
    visible = visible_steps(report_type, raw)
    if step not in visible:
        return False
    blocker = first_incomplete(report_type, raw)
    return blocker is None or visible.index(step) <= visible.index(blocker)


def next_step(report_type: ReportType, raw: dict[str, Any], current: Step) -> Step | None:
    """The step after `current` (None: go to check your answers)."""
    visible = visible_steps(report_type, raw)
    if current not in visible:
        return first_incomplete(report_type, raw)
    later = visible[visible.index(current) + 1 :]
    return later[0] if later else None


def previous_step(report_type: ReportType, raw: dict[str, Any], current: Step) -> Step | None:
    visible = visible_steps(report_type, raw)
    if current not in visible:
        return None
    index = visible.index(current)
    return visible[index - 1] if index > 0 else None


def invalid_steps(report_type: ReportType, raw: dict[str, Any]) -> list[Step]:
    """Visible steps whose stored answer no longer passes the page's own checks (or is missing)."""
    answers = relevant_answers(report_type, raw)
    return [
        step
        for step in visible_steps(report_type, raw)
        if step.stops(raw.get(step.id)) or not step.validate_answer(raw.get(step.id), answers)
    ]


def review(report_type: ReportType, raw: dict[str, Any]) -> tuple[list[Step], Sections]:
    """What submission needs in one pass: the visible steps that fail their checks, and the summary sections."""
    answers = relevant_answers(report_type, raw)
    invalid, sections = [], []
    for step in visible_steps(report_type, raw):
        valid, rows = step.review(raw.get(step.id), answers)
        if not valid or step.stops(raw.get(step.id)):
            invalid.append(step)
        if rows:
            sections.append((step, rows))
    return invalid, sections


def fingerprint(report_type: ReportType, raw: dict[str, Any], context: str) -> str:
    """A digest of everything checking the answers reads: the visible steps in order with their answers as stored,
    and `context` (what else the checks depend on). Equal fingerprints mean checking again would find the same."""
    visible = [[step.id, raw.get(step.id)] for step in visible_steps(report_type, raw)]
    answers = json.dumps([report_type.slug, context, visible], sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(answers.encode(), digest_size=16).hexdigest()


def record_of(report_type: ReportType, answers: Answers, sections: list[dict[str, Any]]) -> dict[str, Any]:
    """The record kept with a report: its answers and the sections as stored (`stored_sections`)."""
    return {"type": report_type.slug, "answers": answers.raw, "sections": sections}


def stored_sections(sections: Sections) -> list[dict[str, Any]]:
    """The sections as the stored record keeps them: each step's title and its rows' questions and answers."""
    return [
        {
            "step": step.id,
            "title": step.title,
            "rows": [
                {"question": row.key, "answer": row.value, **({"item": row.item} if row.item else {})} for row in rows
            ],
        }
        for step, rows in sections
    ]


def sections_from(report_type: ReportType, stored: list[dict[str, Any]]) -> Sections:
    """Stored sections as check your answers shows them again (kept by this release: its steps are the type's)."""
    sections = []
    for section in stored:
        step = report_type.step(section["step"])
        assert step is not None
        rows = [Row(row["question"], row["answer"], step.id, row.get("item")) for row in section["rows"]]
        sections.append((step, rows))
    return sections


def summary(report_type: ReportType, raw: dict[str, Any]) -> Sections:
    """Check-your-answers: each visible step with its rows."""
    answers = relevant_answers(report_type, raw)
    sections = []
    for step in visible_steps(report_type, raw):
        rows = step.rows(raw.get(step.id), answers)
        if rows:
            sections.append((step, rows))
    return sections


def stored_record(report_type: ReportType, raw: dict[str, Any]) -> dict[str, Any]:
    """The record kept with the report: every visible question as asked, with the answer as given and as read.

    Answers to steps that no longer apply are left out: they are not part of what was reported.
    """
    return record_of(report_type, relevant_answers(report_type, raw), stored_sections(summary(report_type, raw)))
