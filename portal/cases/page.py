"""Rendering the staff report page, shared by its GET route and by actions that re-show it with a form's errors."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from portal.cases import records_panel
from portal.core import clock
from portal.forms.cases import (
    AllocateForm,
    AssignForm,
    CloseForm,
    IntervalForm,
    LinkForm,
    NoteForm,
    TransitionForm,
    TriageForm,
    UpdateForm,
)
from portal.forms.staff import ActionForm
from portal.models import Report
from portal.services.cases import allocation, answers, contact, events, response_templates, staff_view, states, triage
from portal.services.cases import clocks as case_clock
from portal.services.cases.timeline import timeline
from portal.services.evidence import access as evidence_access
from portal.services.oversight import duplicates, links
from portal.services.reporting import references
from portal.services.staff.permissions import REPORTS_TRIAGE, REPORTS_UPDATE
from portal.services.tracking import messages

# The colour of each badge in the identity bar (MoJ badge modifiers).
STATUS_BADGES = {states.OPEN: "blue", states.CLOSED: "grey", states.RESOLVED: "green"}
GRADING_BADGES = {"immediate": "red", "priority": "bright-purple", "standard": "blue"}
# The identity bar's "Jump to an action" menu: (text, anchor, permission).
JUMP_TO = (
    ("Take or assign", "assign", REPORTS_TRIAGE),
    ("Update the victim", "update", REPORTS_UPDATE),
    ("Grade", "triage", REPORTS_TRIAGE),
    ("Change status", "status", REPORTS_TRIAGE),
    ("Close or refer", "close", REPORTS_TRIAGE),
    ("Add a note", "note", REPORTS_UPDATE),
)


def report_or_404(report_id: int) -> Report:
    report = staff_view.get_for(current_user, report_id)
    if report is None:
        abort(404)
    return report


def render(report: Report, failed: Any = None, status: int = 200) -> tuple[str, int]:
    """The page, with `failed` (a form that did not validate) shown with its errors in place of a fresh one."""
    history = triage.history(report)
    context = {
        "report": report,
        "viewer": current_user,
        "reference": references.display(report.reference),
        "type_name": staff_view.type_label(report.report_type),
        "status_label": states.label(report.status),
        "outcome": states.OUTCOMES.get(report.outcome or ""),
        "badges": {
            "status": STATUS_BADGES[states.group(report.status, report.outcome)],
            "grading": GRADING_BADGES.get(report.grading or "", "grey"),
        },
        "jump_to": _jump_to(report),
        "flags": staff_view.flags(report),
        "thrive_prompts": staff_view.thrive_prompts(report),
        "support_referral": staff_view.support_referral(report),
        "answer_cards": answers.cards(report),
        "contact": contact.contact(report),
        "timeline": timeline(report),
        "clocks": case_clock.clocks(report, clock.now()),
        "duration": case_clock.duration,
        "history": history,
        "gradings": triage.GRADINGS,
        "elements": triage.ELEMENTS,
        "quick_elements": list(triage.NOTHING_IDENTIFIED),
        "choice_label": triage.choice_label,
        "templates": response_templates.TEMPLATES.values(),
        "reached_by": states.reached_by_actions(report.status),
        "action_form": ActionForm(),
        "evidence_rows": evidence_access.listing(report),
        "links_view": links_view(report, LinkForm()),
        "duplicates": duplicates_view(report),
        "victim_items": messages.victim_requests(report),
        "victim_request_heading": events.from_victim_heading,
        "records": records_panel.panel_context(report),
        **_forms(report, failed, history),
    }
    if failed is not None:
        context["form"] = failed  # the layout shows its error summary
    return render_template("staff/report.html", **context), status


def _forms(report: Report, failed: Any, history: list[Any]) -> dict[str, Any]:
    """A fresh form for each action, or the one that failed with its errors."""
    forms: dict[str, Any] = {
        "triage_form": TriageForm(prefix="triage"),
        "transition_form": TransitionForm(prefix="status"),
        "close_form": CloseForm(prefix="close"),
        "assign_form": AssignForm(prefix="assign"),
        "update_form": UpdateForm(prefix="update"),
        "note_form": NoteForm(prefix="note"),
        "interval_form": IntervalForm(prefix="interval", days=case_clock.interval(report)),
        "allocate_form": AllocateForm(prefix="allocate"),
    }
    if failed is not None:
        forms[_name_of(failed)] = failed
    forms["transition_form"].set_statuses(report.status)
    forms["close_form"].set_outcomes(report.status)
    forms["assign_form"].set_officers(staff_view.assignable_officers(report))
    if report.ward_id is None:
        forms["allocate_form"].set_wards(allocation.wards_for(current_user))
    chosen = response_templates.get(request.args.get("template"))
    if chosen is not None and failed is None:
        forms["update_form"].text.data = chosen.text
    if history and failed is None:
        _prefill_triage(forms["triage_form"], history[0])
    return forms


def _jump_to(report: Report) -> list[dict[str, str]]:
    """The menu's links to the actions this person may take on this report (closing only when the case can close)."""
    closable = bool(states.closing_outcomes(report.status))
    return [
        {"text": text, "href": f"#{anchor}"}
        for text, anchor, permission in JUMP_TO
        if current_user.can(permission) and (anchor != "close" or closable)
    ]


def links_view(report: Report, form: LinkForm) -> dict[str, Any]:
    """The linked reports and possible duplicates section, with the form that links another."""
    return {"panel": links.panel(report, current_user), "can_link": current_user.can(REPORTS_TRIAGE), "form": form}


def duplicates_view(report: Report) -> dict[str, Any]:
    """What staff/_report_duplicates.html shows: the short list, the repeat-reporter line, and whether to offer
    "Link" beside each."""
    return {
        "short_list": duplicates.short_list(report, current_user),
        "can_link": current_user.can(REPORTS_TRIAGE),
        "report_id": report.id,
    }


def _name_of(form: Any) -> str:
    return {
        TriageForm: "triage_form",
        TransitionForm: "transition_form",
        CloseForm: "close_form",
        AssignForm: "assign_form",
        UpdateForm: "update_form",
        NoteForm: "note_form",
        IntervalForm: "interval_form",
        AllocateForm: "allocate_form",
    }[type(form)]


def _prefill_triage(form: TriageForm, current: Any) -> None:
    # Re-grading starts from the current grading; the reason is always written afresh.
    if form.is_submitted():
        return
    for name in triage.ELEMENTS:
        getattr(form, name).data = getattr(current, name)
        getattr(form, f"{name}_note").data = getattr(current, f"{name}_note")
    form.nothing_identified.data = all(
        getattr(current, name) == value for name, value in triage.NOTHING_IDENTIFIED.items()
    )
    form.grading.data = current.grading
    form.enhanced_rights.data = "yes" if current.enhanced_rights else "no"
