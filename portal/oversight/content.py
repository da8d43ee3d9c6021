"""Ward content for officers (their wards), supervisors (their borough) and administrators (everywhere): the ward
team, ward panel priorities ("you said, we did"), meetings and the borough's priority crimes. Out of scope: 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.forms.fields import choices_of
from portal.forms.oversight import FORMS, BoroughPrioritiesForm
from portal.forms.staff import ActionForm
from portal.oversight import bp
from portal.services.oversight import content
from portal.services.staff.permissions import CONTENT_EDIT
from portal.web.access import requires


@bp.get("/ward-content")
@requires(CONTENT_EDIT)
def content_index():
    return render_template(
        "oversight/content/index.html",
        wards=content.wards_in_scope(current_user),
        boroughs=content.boroughs_in_scope(current_user),
    )


@bp.get("/ward-content/boroughs/<code>")
@requires(CONTENT_EDIT)
def content_borough(code: str):
    borough = content.borough_for(current_user, code) or abort(404)
    return render_template(
        "oversight/content/borough.html",
        borough=borough,
        wards=content.wards_in_scope(current_user, borough),
        priorities=content.borough_priorities(borough),
    )


@bp.route("/ward-content/boroughs/<code>/priorities", methods=["GET", "POST"])
@requires(CONTENT_EDIT)
def content_borough_priorities(code: str):
    borough = content.borough_for(current_user, code) or abort(404)
    current = [p.category.slug for p in content.borough_priorities(borough) if not p.suggested]
    form = BoroughPrioritiesForm(data={"categories": current})
    form.categories.choices = choices_of(content.category_choices())
    if form.validate_on_submit():
        content.set_borough_priorities(borough, form.categories.data, current_user)
        flash(f"{borough.name}'s priority crimes are saved. Ward pages in {borough.name} now show them.")
        return redirect(url_for(".content_borough", code=borough.code))
    return render_template("oversight/content/borough_priorities.html", borough=borough, form=form)


@bp.get("/ward-content/wards/<code>")
@requires(CONTENT_EDIT)
def content_ward(code: str):
    ward = content.ward_for(current_user, code) or abort(404)
    return render_template("oversight/content/ward.html", view=content.overview(ward), action_form=ActionForm())


@bp.route("/ward-content/wards/<code>/<kind>/new", methods=["GET", "POST"])
@requires(CONTENT_EDIT)
def content_item_new(code: str, kind: str):
    return _edit(code, kind, None)


@bp.route("/ward-content/wards/<code>/<kind>/<int:item_id>", methods=["GET", "POST"])
@requires(CONTENT_EDIT)
def content_item_edit(code: str, kind: str, item_id: int):
    return _edit(code, kind, item_id)


@bp.post("/ward-content/wards/<code>/<kind>/<int:item_id>/remove")
@requires(CONTENT_EDIT)
def content_item_remove(code: str, kind: str, item_id: int):
    ward = content.ward_for(current_user, code) or abort(404)
    item = (content.item_for(ward, kind, item_id) if kind in FORMS else None) or abort(404)
    if ActionForm().validate_on_submit():
        content.remove(kind, ward, item, current_user)
        flash(f"The {content.NOUNS[kind]} was removed.")
    return redirect(url_for(".content_ward", code=ward.code, _anchor=kind))


def _edit(code: str, kind: str, item_id: int | None):
    ward = content.ward_for(current_user, code) or abort(404)
    if kind not in FORMS:
        abort(404)
    item = (content.item_for(ward, kind, item_id) or abort(404)) if item_id is not None else None
    form_class = FORMS[kind]
    form = form_class(data=form_class.initial(item) if item is not None else None)  # type: ignore[attr-defined]
    if form.validate_on_submit():
        content.save(kind, ward, item, form.values(), current_user)  # type: ignore[attr-defined]
        flash(f"The {content.NOUNS[kind]} is saved. It shows on the {ward.name} ward page now.")
        return redirect(url_for(".content_ward", code=ward.code, _anchor=kind))
    return render_template(
        "oversight/content/item.html", form=form, ward=ward, kind=kind, item=item, noun=content.NOUNS[kind]
    )
