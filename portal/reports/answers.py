"""Check your answers: each section's rows as GOV.UK summary list rows, with their change links, built once here
rather than row by row in the template (a page holds twenty or more rows)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from portal.journeys import ReportType, Row, Step
from portal.reports.flow import CHECK_ANSWERS, RETURN_TO

BREAK = Markup("<br>")


class Params(dict[str, Any]):
    """A GOV.UK macro's parameters whose keys also read as attributes, a missing one as None: the macros read
    `row.key.text`, `row.classes` and the like for every row, and Jinja reads a plain dict's key only after failing
    to find an attribute of that name, and makes an undefined value of every key left out."""

    __getattr__ = dict.get


def summary_lists(report_type: ReportType, sections: list[tuple[Step, list[Row]]]) -> list[tuple[str, list[Any]]]:
    """(section title, the rows of its summary list) for every section of check your answers."""
    links: dict[tuple[str, int | None], str] = {}
    lists = []
    for step, rows in sections:
        items = []
        for row in rows:
            where = (row.step_id, row.item)
            if where not in links:
                links[where] = change_link(report_type, row)
            change = Params(href=links[where], text="Change", visuallyHiddenText=row.key.lower())
            items.append(
                Params(
                    key=Params(text=row.key),
                    value=Params(html=escape(row.value).replace("\n", BREAK)),
                    actions=Params(items=[change]),
                )
            )
        lists.append((step.title, items))
    return lists


def change_link(report_type: ReportType, row: Row) -> str:
    """The page that asked the row's question (an item of a repeating group has its own), returning here."""
    back = {RETURN_TO: CHECK_ANSWERS}
    if row.item:
        return url_for("reports.group_item", type_slug=report_type.slug, step_id=row.step_id, item=row.item, **back)
    return url_for("reports.step", type_slug=report_type.slug, step_id=row.step_id, **back)
