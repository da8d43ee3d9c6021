"""'Lost or found something?': a guide, not a form. Lost property is signposted by item and place and gets no
reference number (a printable letter says so, for an insurer); found property is taken in only in the few cases the
rules in services/guidance/lost_found.py accept, through the found property report."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from portal.core import clock
from portal.forms.base import BaseForm
from portal.forms.guides import FoundForm, LostForm
from portal.public import bp
from portal.report_types import REPORT_TYPES
from portal.reports import drafts, flow
from portal.services.guidance import lost_found
from portal.web.caching import public_page

FOUND_PROPERTY = "found-property"


def _question(form, heading: str, action: str) -> str:  # the lost or the found form
    return render_template("public/lost_or_found_question.html", form=form, heading=heading, action=action)


@bp.get("/lost-or-found")
@public_page
def lost_or_found():
    return render_template("public/lost-or-found.html")


@bp.get("/lost-or-found/lost")
@public_page
def lost_or_found_lost():
    form = LostForm(formdata=request.args or None)
    if not request.args:
        return _question(form, "You have lost something", "public.lost_or_found_lost")
    if not form.validate():
        return _question(form, "You have lost something", "public.lost_or_found_lost"), 400
    return render_template(
        "public/lost-advice.html",
        advice=[lost_found.NO_REFERENCE, *lost_found.lost_advice(form.item.data, form.place.data)],
    )


@bp.get("/lost-or-found/found")
@public_page
def lost_or_found_found():
    form = FoundForm(formdata=request.args or None)
    if not request.args:
        return _question(form, "You have found something", "public.lost_or_found_found")
    if not form.validate():
        return _question(form, "You have found something", "public.lost_or_found_found"), 400
    outcome = lost_found.found_outcome(form.item.data, form.place.data)
    return render_template(
        "public/found-advice.html",
        outcome=outcome,
        item=form.item.data,
        place=form.place.data,
        start_form=BaseForm(),
        report_type=REPORT_TYPES[FOUND_PROPERTY],
    )


@bp.post("/lost-or-found/found/start-report")
def found_start_report():
    """Start a found property report with what the guide already knows (not dangerous; what was found). The
    answers are checked again, so only an item the rules accept can start one."""
    form = FoundForm(formdata=request.form)
    if not BaseForm().validate_on_submit() or not form.validate():
        abort(400)
    if lost_found.found_outcome(form.item.data, form.place.data).kind != lost_found.ACCEPTED:
        return redirect(url_for("public.lost_or_found_found"))
    report_type = REPORT_TYPES[FOUND_PROPERTY]
    carried = {"emergency": {"emergency": "no"}, "what": {"found_kind": form.item.data}}
    draft = drafts.start_with(report_type.slug, carried)
    return redirect(flow.resume_url(report_type, draft.answers))


@bp.get("/lost-or-found/letter")
@public_page
def lost_property_letter():
    return render_template("public/lost-property-letter.html", today=clock.london_date(clock.now()))
