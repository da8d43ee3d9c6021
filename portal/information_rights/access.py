"""Subject access requests: record one, see what is held about the person and when the answer is due, download the
bundle for review, and mark the request answered. Every step is audited by the service it calls."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from portal.core import clock
from portal.forms.records import SubjectAccessForm
from portal.forms.staff import ActionForm
from portal.information_rights import bp
from portal.models import SubjectAccessRequest
from portal.services.cases.staff_view import type_label
from portal.services.reporting import references
from portal.services.retention import access_bundle, access_requests
from portal.services.retention.access_requests import AccessRequestError
from portal.services.staff.permissions import SUBJECT_ACCESS
from portal.web.access import requires


def _request_or_404(request_id: int) -> SubjectAccessRequest:
    return access_requests.get(request_id) or abort(404)


@bp.get("/subject-access-requests")
@requires(SUBJECT_ACCESS)
def requests():
    today = clock.london_date(clock.now())
    return render_template(
        "information_rights/requests.html",
        requests=access_requests.all_requests(),
        deadline=lambda request: access_requests.deadline(request, today),
    )


@bp.route("/subject-access-requests/new", methods=["GET", "POST"])
@requires(SUBJECT_ACCESS)
def new_request():
    form = SubjectAccessForm()
    if form.validate_on_submit():
        try:
            made = access_requests.create(current_user, form.email.data, form.phone.data, form.received.data)
        except AccessRequestError as refused:
            form.received.errors = [str(refused)]
        else:
            return redirect(url_for("information_rights.request_page", request_id=made.id))
    return render_template("information_rights/request_new.html", form=form)


@bp.get("/subject-access-requests/<int:request_id>")
@requires(SUBJECT_ACCESS)
def request_page(request_id: int):
    request = _request_or_404(request_id)
    return render_template(
        "information_rights/request.html",
        access_request=request,
        deadline=access_requests.deadline(request),
        found=access_requests.search(current_user, request),
        display=references.display,
        type_label=type_label,
        action_form=ActionForm(),
    )


@bp.get("/subject-access-requests/<int:request_id>/bundle")
@requires(SUBJECT_ACCESS, audit_view=False)
def bundle(request_id: int):
    request = _request_or_404(request_id)
    found = access_requests.search(current_user, request)
    data = access_bundle.build(current_user, request, found)
    return send_file(
        data, mimetype="application/zip", as_attachment=True, download_name=access_bundle.file_name(request)
    )


@bp.post("/subject-access-requests/<int:request_id>/answered")
@requires(SUBJECT_ACCESS)
def answered(request_id: int):
    request = _request_or_404(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        access_requests.complete(current_user, request)
    except AccessRequestError as refused:
        flash(str(refused))
    else:
        flash(f"Subject access request {request.id} marked as answered")
    return redirect(url_for("information_rights.request_page", request_id=request_id))
