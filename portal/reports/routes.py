"""One set of routes serves every report type: its steps, repeating groups, check your answers and confirmation."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from portal.extensions import limiter
from portal.forms.reports import SaveForm
from portal.journeys.navigation import first_incomplete
from portal.report_types import REPORT_TYPES
from portal.reports import answers, bp, drafts, flow, groups
from portal.services.front_counters import nearest
from portal.services.reporting import checking, references, saving
from portal.services.reporting import submit as submissions
from portal.web.caching import is_public_page, public_page, rendered
from portal.web.security import no_store


@bp.before_request
def _personal() -> None:
    if not is_public_page():  # /report, the list of report types, is the same for everyone
        no_store()


@bp.get("/report")
@public_page
def start():
    return rendered(
        "report-types",
        lambda: render_template("reports/start.html", report_types=REPORT_TYPES.values(), nav_section="report"),
    )


@bp.route("/report/<type_slug>/<step_id>", methods=["GET", "POST"])
def step(type_slug: str, step_id: str):
    where = flow.place(type_slug, step_id)
    if (blocked := flow.blocked_url(where)) is not None:
        return redirect(blocked)
    if isinstance(where.step, groups.RepeatingGroup):
        return groups.group_page(where)
    assert where.step is not None
    posted = request.form if request.method == "POST" else None
    form = where.step.make_form(where.answer, where.answers, formdata=posted)
    if posted is not None and form.validate():
        draft = drafts.save_answer(where.report_type.slug, where.step.id, where.step.answer_from(form, where.answer))
        return redirect(flow.after(where.report_type, draft.answers, where.step))
    if posted is None:
        flow.show_stored_errors(form, where.answer)
    return render_template(where.step.template, form=form, **groups.context(where))


@bp.route("/report/<type_slug>/<step_id>/<int:item>", methods=["GET", "POST"])
def group_item(type_slug: str, step_id: str, item: int):
    return groups.item_page(flow.place(type_slug, step_id, group=True), item)


@bp.post("/report/<type_slug>/<step_id>/<int:item>/remove")
def group_item_remove(type_slug: str, step_id: str, item: int):
    return groups.remove_item(flow.place(type_slug, step_id, group=True), item)


@bp.get("/report/<type_slug>/<step_id>/stop")
def stop(type_slug: str, step_id: str):
    where = flow.place(type_slug, step_id)
    assert where.step is not None
    if not where.step.stops(where.answer):
        return redirect(flow.step_url(where.report_type, where.step))
    return render_template(where.step.stop_template, **groups.context(where))


@bp.route("/report/<type_slug>/check-answers", methods=["GET", "POST"])
def check_answers(type_slug: str):
    if request.method == "POST":
        submissions.sending()
    where = flow.place(type_slug)
    if where.draft is None or where.draft.submitted_at is not None:
        # Sent already (a second press, or a request whose answer the browser never had: a web process died after
        # saving the report): its confirmation, while it may be shown. No draft at all: the same, or the start.
        return redirect(_confirmation_or_start(type_slug))
    if first_incomplete(where.report_type, where.raw) is not None:
        return redirect(flow.resume_url(where.report_type, where.raw))
    if request.method == "POST":
        submission = submissions.submit(where.report_type, where.draft)
        if submission.invalid_step is not None:
            return redirect(flow.step_url(where.report_type, submission.invalid_step, **{"return-to": "check-answers"}))
        if submission.report is None:
            # The draft kept changing while it was being sent (another tab): show what it now holds, to send again.
            return redirect(flow.check_answers_url(where.report_type))
        # The session is not written: the draft it points at now records the report it became (drafts.just_sent).
        return redirect(url_for("reports.confirmation", type_slug=type_slug))
    checked = checking.check_and_keep(where.report_type, where.draft)
    lists = answers.summary_lists(where.report_type, checked.sections)
    return render_template("reports/check-answers.html", summary_lists=lists, **groups.context(where))


@bp.get("/report/<type_slug>/confirmation")
def confirmation(type_slug: str):
    report_type = REPORT_TYPES.get(type_slug) or abort(404)
    report = drafts.just_sent(type_slug)
    if report is None:
        return redirect(url_for("reports.start"))
    return render_template(
        "reports/confirmation.html",
        report=report,
        report_type=report_type,
        reference=references.display(report.reference),
        counters=nearest.near_ward(report.ward) if report_type.shows_front_counters else [],
        nav_section="report",
    )


@bp.route("/report/<type_slug>/save", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def save(type_slug: str):
    where = flow.place(type_slug)
    if where.draft is None or where.draft.submitted_at is not None:
        return redirect(url_for("reports.start"))
    form = SaveForm()
    if form.validate_on_submit():
        saving.email_link(where.draft, where.report_type, form.email.data)
        return redirect(url_for("reports.saved", type_slug=type_slug))
    return render_template("reports/save.html", form=form, **groups.context(where))


@bp.get("/report/<type_slug>/saved")
def saved(type_slug: str):
    return render_template("reports/saved.html", **groups.context(flow.place(type_slug)))


@bp.route("/report/resume/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def resume(token: str):
    form = SaveForm.continue_form()
    if form.validate_on_submit():
        draft = drafts.resume(token)
        if draft is not None:
            return redirect(flow.resume_url(REPORT_TYPES[draft.report_type], draft.answers))
        return render_template("reports/resume-expired.html", nav_section="report"), 404
    return render_template("reports/resume.html", form=form, nav_section="report")


def _confirmation_or_start(type_slug: str) -> str:
    if drafts.just_sent(type_slug) is not None:
        return url_for("reports.confirmation", type_slug=type_slug)
    return url_for("reports.start")
