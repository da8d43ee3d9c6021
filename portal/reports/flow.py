"""Journey plumbing shared by the report routes: finding the type, step and draft, and where to go next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, request, url_for

from portal.journeys import Answers, RepeatingGroup, ReportType, Step
from portal.journeys.navigation import (
    can_visit,
    first_incomplete,
    next_step,
    previous_step,
    relevant_answers,
)
from portal.models import ReportDraft
from portal.report_types import REPORT_TYPES
from portal.reports import drafts

RETURN_TO = "return-to"
CHECK_ANSWERS = "check-answers"


@dataclass
class Place:
    """Where the reporter is: the report type, the step, their draft (if any) and its answers."""

    report_type: ReportType
    step: Step | None
    draft: ReportDraft | None

    @property
    def raw(self) -> dict[str, Any]:
        if self.draft is None or self.draft.submitted_at is not None:
            return {}
        return self.draft.answers

    @property
    def answers(self) -> Answers:
        return relevant_answers(self.report_type, self.raw)

    @property
    def answer(self) -> Any:
        return self.raw.get(self.step.id) if self.step else None


def place(slug: str, step_id: str | None = None, group: bool | None = None) -> Place:
    report_type = REPORT_TYPES.get(slug) or abort(404)
    step = None
    if step_id is not None:
        step = report_type.step(step_id) or abort(404)
        if group is not None and isinstance(step, RepeatingGroup) != group:
            abort(404)
    return Place(report_type, step, drafts.current(report_type.slug))


def returning() -> bool:
    return request.args.get(RETURN_TO) == CHECK_ANSWERS


def step_url(report_type: ReportType, step: Step, **extra: Any) -> str:
    if returning():
        extra[RETURN_TO] = CHECK_ANSWERS
    return url_for("reports.step", type_slug=report_type.slug, step_id=step.id, **extra)


def item_url(report_type: ReportType, step: Step, item: int) -> str:
    extra = {RETURN_TO: CHECK_ANSWERS} if returning() else {}
    return url_for("reports.group_item", type_slug=report_type.slug, step_id=step.id, item=item, **extra)


def check_answers_url(report_type: ReportType) -> str:
    return url_for("reports.check_answers", type_slug=report_type.slug)


def blocked_url(where: Place) -> str | None:
    """Where to send someone who asked for a step they cannot see yet (or that no longer applies)."""
    assert where.step is not None
    if can_visit(where.report_type, where.raw, where.step):
        return None
    return resume_url(where.report_type, where.raw)


def resume_url(report_type: ReportType, raw: dict[str, Any]) -> str:
    """The first step still to answer (or the page an answer stopped at), else check your answers."""
    blocker = first_incomplete(report_type, raw)
    if blocker is None:
        return check_answers_url(report_type)
    if blocker.stops(raw.get(blocker.id)):
        return url_for("reports.stop", type_slug=report_type.slug, step_id=blocker.id)
    return step_url(report_type, blocker)


def after(report_type: ReportType, raw: dict[str, Any], step: Step) -> str:
    """Where to go once `step` is answered."""
    if step.stops(raw.get(step.id)):
        return url_for("reports.stop", type_slug=report_type.slug, step_id=step.id)
    if returning():
        return resume_url(report_type, raw)
    following = next_step(report_type, raw, step)
    return step_url(report_type, following) if following else check_answers_url(report_type)


def back_url(where: Place) -> str:
    assert where.step is not None
    if returning():
        return check_answers_url(where.report_type)
    before = previous_step(where.report_type, where.raw, where.step)
    return step_url(where.report_type, before) if before else url_for("reports.start")


def show_stored_errors(form: Any, answer: Any) -> None:
    """When a stored answer no longer passes (an earlier answer changed), show why, as if it had just been posted.
    The CSRF check is for posts only, so its error is dropped."""
    if answer is None or form.validate():
        return
    if "csrf_token" in form:  # not there when CSRF protection is switched off
        form.csrf_token.errors = []
    form._errors = None
