"""The information rights home page, restricted reports, legal holds and the retention schedule (read by information
rights staff and supervisors, changed by administrators)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.forms.records import RuleForm
from portal.information_rights import bp
from portal.services.cases.staff_view import type_label
from portal.services.reporting import references
from portal.services.retention import editing, kinds, lists, notice, schedule
from portal.services.retention.schedule import ScheduleError
from portal.services.staff.permissions import RECORDS_HOLD, RECORDS_RESTRICTED, RETENTION_EDIT, RETENTION_VIEW
from portal.web.access import requires


@bp.get("/")
@requires(RETENTION_VIEW)
def index():
    return render_template("information_rights/index.html", overview=lists.overview(), viewer=current_user)


@bp.get("/restricted-reports")
@requires(RECORDS_RESTRICTED)
def restricted():
    return render_template(
        "information_rights/restricted.html",
        reports=lists.restricted_reports(),
        display=references.display,
        type_label=type_label,
    )


@bp.get("/legal-holds")
@requires(RECORDS_HOLD)
def holds():
    return render_template(
        "information_rights/holds.html", holds=lists.holds_for(current_user), display=references.display
    )


@bp.get("/retention-schedule")
@requires(RETENTION_VIEW)
def schedule_page():
    return render_template(
        "information_rights/schedule.html",
        rules=schedule.rules(),
        kinds=kinds.KINDS,
        how_long=notice.how_long,
        actions=schedule.ACTION_LABELS,
        can_edit=current_user.can(RETENTION_EDIT),
    )


@bp.route("/retention-schedule/<string:code>", methods=["GET", "POST"])
@requires(RETENTION_EDIT)
def edit_rule(code: str):
    rule = schedule.rule(code) or abort(404)
    # Shown filled in with the rule as it is; once posted, only what was posted counts.
    form = RuleForm() if request.method == "POST" else RuleForm(data=_values(rule))
    form.set_choices(*editing.choices(rule))
    if form.validate_on_submit():
        try:
            editing.update(
                code,
                current_user,
                trigger=form.trigger.data,
                period_value=form.period_value.data,
                period_unit=form.period_unit.data,
                action=form.action.data,
                source=form.source.data,
            )
        except ScheduleError as refused:
            form.period_value.errors = [str(refused)]
        else:
            flash(f"Rule changed: {rule.description}")
            return redirect(url_for("information_rights.schedule_page"))
    return render_template("information_rights/rule.html", rule=rule, form=form, kind=kinds.KINDS[rule.record_kind])


def _values(rule: schedule.Rule) -> dict[str, object]:
    return {
        "trigger": rule.trigger,
        "period_value": rule.period_value,
        "period_unit": rule.period_unit,
        "action": rule.action,
        "source": rule.source,
    }
