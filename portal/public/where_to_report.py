"""'Where do I report this?': one question per page until the rules (services/guidance/router_rules.py) decide, then
the place to go. The answers travel in the query string (choices only), so the router keeps nothing; starting one
of our reports carries them into its draft."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import abort, redirect, render_template, request, url_for

from portal.forms.base import BaseForm
from portal.forms.guides import router_form
from portal.public import bp
from portal.report_types import REPORT_TYPES
from portal.reports import drafts, flow
from portal.services.guidance import router_rules
from portal.services.guidance.organisations import ORGANISATIONS
from portal.services.guidance.router import Arrive
from portal.web.caching import public_page

ASKED = "asked"  # which question the page just asked, so a missing answer is an error rather than a first visit


def pairs(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Answers as (name, value) pairs for a query string or hidden fields (a list answer gives several)."""
    return [(name, item) for name, value in answers.items() for item in (value if isinstance(value, list) else [value])]


def _url(answers: dict[str, Any]) -> str:
    query = urlencode(pairs(answers))
    return url_for("public.where_to_report") + (f"?{query}" if query else "")


@bp.get("/where-to-report")
@public_page
def where_to_report():
    answers = router_rules.read(request.args.to_dict(flat=False))
    outcome = router_rules.route(answers)
    if isinstance(outcome, Arrive):
        return _arrived(outcome, answers)
    question = outcome.question
    asked = request.args.get(ASKED) == question.id
    form = router_form(question, request.args if asked else None)
    if asked:
        form.validate()  # the answer was missing or not one of the choices: the page says so
    earlier = router_rules.before(answers, question)
    last = router_rules.last_answered(earlier)
    back = _url({k: v for k, v in earlier.items() if k != last}) if last else url_for("public.home")
    page = render_template(
        "public/where-to-report.html",
        form=form,
        field=form[question.id],
        question=question,
        hidden=pairs(earlier),
        back_url=back,
    )
    return page, 400 if asked else 200


def _arrived(outcome: Arrive, answers: dict[str, Any]) -> Any:
    destination = outcome.destination
    if destination.kind == "guide":
        return redirect(
            url_for("public.lost_or_found_lost" if destination.target == "lost" else "public.lost_or_found_found")
        )
    last = router_rules.last_answered(answers)
    return render_template(
        "public/where-to-report-result.html",
        destination=destination,
        organisation=ORGANISATIONS.get(destination.target),
        report_type=REPORT_TYPES.get(destination.target) if destination.kind == "report" else None,
        carried=bool(outcome.carry),
        hidden=pairs(answers),
        start_form=BaseForm(),
        back_url=_url({k: v for k, v in answers.items() if k != last}),
    )


@bp.post("/where-to-report/start-report")
def where_to_report_start():
    """Start the report the answers lead to, with what they already say. The answers are read again here rather
    than trusted from the page, so only what the rules carry can reach the draft."""
    if not BaseForm().validate_on_submit():
        abort(400)
    outcome = router_rules.route_or_none(router_rules.read(request.form.to_dict(flat=False)))
    if not isinstance(outcome, Arrive) or outcome.destination.kind != "report":
        return redirect(url_for("public.where_to_report"))
    report_type = REPORT_TYPES[outcome.destination.target]
    draft = drafts.start_with(report_type.slug, outcome.carry)
    return redirect(flow.resume_url(report_type, draft.answers))
