"""Repeating groups ("add another vehicle"): the list page, each item's page and removing an item."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request

from portal.forms.reports import SaveForm
from portal.journeys import RepeatingGroup
from portal.reports import drafts, flow

__all__ = ["RepeatingGroup", "context", "group_page", "item_page", "remove_item"]


def context(where: flow.Place) -> dict[str, Any]:
    """What every report page's template is given."""
    has_answers = bool(where.raw) and where.draft is not None
    return {
        "report_type": where.report_type,
        "step": where.step,
        "back_url": flow.back_url(where) if where.step else flow.url_for("reports.start"),
        "action": request.full_path.rstrip("?"),
        "can_save": has_answers,
        "nav_section": "report",
    }


def _items(where: flow.Place) -> list[dict[str, Any]]:
    answer = where.answer
    return list(answer.get("items", [])) if isinstance(answer, dict) else []


def group_page(where: flow.Place) -> Any:
    group = where.step
    assert isinstance(group, RepeatingGroup)
    items = _items(where)
    if not items:
        return redirect(flow.item_url(where.report_type, group, 1))
    posted = request.form if request.method == "POST" else None
    form = group.make_form(None, where.answers, formdata=posted)
    if posted is not None and form.validate():
        if form.add_another.data == "yes" and len(items) < group.max_items:
            return redirect(flow.item_url(where.report_type, group, len(items) + 1))
        draft = drafts.save_answer(where.report_type.slug, group.id, {"items": items, "complete": True})
        return redirect(flow.after(where.report_type, draft.answers, group))
    rows = [
        (number, group.describe(item), flow.item_url(where.report_type, group, number))
        for number, item in enumerate(items, start=1)
    ]
    return render_template(group.template, form=form, rows=rows, full=len(items) >= group.max_items, **context(where))


def item_page(where: flow.Place, item: int) -> Any:
    group = where.step
    assert isinstance(group, RepeatingGroup)
    if (blocked := flow.blocked_url(where)) is not None:
        return redirect(blocked)
    items = _items(where)
    if not 1 <= item <= min(len(items) + 1, group.max_items):
        abort(404)
    existing = items[item - 1] if item <= len(items) else None
    posted = request.form if request.method == "POST" else None
    form = group.make_item_form(existing, where.answers, formdata=posted)
    if posted is not None and form.validate():
        value = group.answer_from(form, existing)
        if existing is None:
            items.append(value)
            complete = False  # a new item: ask again whether there is another
        else:
            items[item - 1] = value
            complete = bool(where.answer and where.answer.get("complete"))
        drafts.save_answer(where.report_type.slug, group.id, {"items": items, "complete": complete})
        return redirect(flow.step_url(where.report_type, group))
    return render_template(group.item_template, form=form, item=item, is_new=existing is None, **context(where))


def remove_item(where: flow.Place, item: int) -> Any:
    group = where.step
    assert isinstance(group, RepeatingGroup)
    items = _items(where)
    form = SaveForm.continue_form()
    if not form.validate_on_submit():
        abort(400)
    if where.draft is None or not 1 <= item <= len(items):
        abort(404)
    del items[item - 1]
    drafts.save_answer(where.report_type.slug, group.id, {"items": items, "complete": False})
    return redirect(flow.step_url(where.report_type, group))
