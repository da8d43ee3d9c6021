"""Check your answers writes its summary lists itself (portal/reports/answers.py): the markup must be what GOV.UK
Frontend's own summary list macro makes of the same rows, so the page looks and reads exactly as the design system's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import render_template_string
from markupsafe import escape

from portal.journeys import Row
from portal.report_types import REPORT_TYPES
from portal.reports import answers

ROWS = [
    Row("What happened?", 'Shouting & "music" <b>late</b>\nevery night\r\nand at weekends', "behaviour"),
    Row("Date", "28 November 2026", "when"),
    Row("Time", "11pm", "when"),
    Row("Vehicle 1", "Registration: AB12 CDE\nColour: <red>", "vehicles", item=1),
    Row("Email", "sam.o'brien@example.com", "your-details"),
    Row("  Spaces  ", "  around  ", "place"),
]


class Params(dict[str, Any]):
    """Parameters the macro may ask anything of (a missing one reads as None, as in Nunjucks)."""

    __getattr__ = dict.get


def by_the_macro(report_type: Any, rows: list[Row]) -> str:
    items = [
        Params(
            key=Params(text=row.key),
            value=Params(html=escape(row.value).replace("\n", answers.BREAK)),
            actions=Params(
                items=[
                    Params(
                        href=answers.change_link(report_type, row), text="Change", visuallyHiddenText=row.key.lower()
                    )
                ]
            ),
        )
        for row in rows
    ]
    return render_template_string(
        '{% from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList %}'
        "{{ govukSummaryList(params) }}",
        params=Params(rows=items, classes="govuk-!-margin-bottom-9"),
    )


def same_text(html: str) -> str:
    """HTML as a browser shows it: any run of whitespace is one space, and none between two tags."""
    return re.sub(r"> <", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1]])
def test_the_summary_list_is_the_design_systems_markup(app, rows):
    report_type = REPORT_TYPES["anti-social-behaviour"]
    with app.test_request_context():
        ((_title, ours),) = answers.summary_lists(report_type, [(report_type.steps[0], rows)])
        assert same_text(ours) == same_text(by_the_macro(report_type, rows))
    assert "&lt;b&gt;late&lt;/b&gt;" in ours and "<br>" in ours  # text shown as typed, lines kept
