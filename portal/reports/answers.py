"""Check your answers: each section's rows as a GOV.UK summary list, with their change links, built once here rather
than row by row in the template (a page holds twenty or more rows)."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from portal.journeys import ReportType, Row, Step
from portal.reports.flow import CHECK_ANSWERS, RETURN_TO

BREAK = Markup("<br>")
# GOV.UK Frontend's summary list as its Nunjucks macro writes it (govuk-frontend-jinja's port of it), for rows that
# each have one action: the same elements, classes and spacing. Written out here because the macro, general enough
# for every kind of summary list, was half the page's time; tests/unit/test_check_answers_markup.py renders the same
# rows through the macro and fails on any difference.
LIST = Markup('<dl class="govuk-summary-list govuk-!-margin-bottom-9">\n{rows}\n</dl>')
ROW = Markup(
    '  <div class="govuk-summary-list__row">\n'
    '    <dt class="govuk-summary-list__key">\n      {key}\n    </dt>\n'
    '    <dd class="govuk-summary-list__value">\n      {value}\n    </dd>\n'
    '    <dd class="govuk-summary-list__actions">\n'
    '      <a class="govuk-link" href="{href}">Change<span class="govuk-visually-hidden"> {hidden}</span></a>\n'
    "    </dd>\n"
    "  </div>"
)


def summary_lists(report_type: ReportType, sections: list[tuple[Step, list[Row]]]) -> list[tuple[str, Markup]]:
    """(section title, its summary list) for every section of check your answers."""
    links: dict[tuple[str, int | None], str] = {}
    lists = []
    for step, rows in sections:
        items = []
        for row in rows:
            where = (row.step_id, row.item)
            if where not in links:
                links[where] = change_link(report_type, row)
            value = escape(row.value).replace("\n", BREAK).strip()
            items.append(ROW.format(key=row.key, value=value, href=links[where], hidden=row.key.lower()))
        lists.append((step.title, LIST.format(rows=Markup("\n").join(items))))
    return lists


def change_link(report_type: ReportType, row: Row) -> str:
    """The page that asked the row's question (an item of a repeating group has its own), returning here."""
    back = {RETURN_TO: CHECK_ANSWERS}
    if row.item:
        return url_for("reports.group_item", type_slug=report_type.slug, step_id=row.step_id, item=row.item, **back)
    return url_for("reports.step", type_slug=report_type.slug, step_id=row.step_id, **back)
