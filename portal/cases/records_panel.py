"""The staff report page's "Records management" section (templates/staff/_report_records.html): what it shows, and a
fresh form for each of its actions (portal/cases/records.py takes them)."""

from __future__ import annotations

from typing import Any

from portal.forms.records import EraseForm, HoldForm, LiftHoldForm, LiftRestrictionForm, RestrictForm
from portal.models import Report
from portal.services.retention import report_panel


def panel_context(report: Report) -> dict[str, Any]:
    return {
        "panel": report_panel.panel(report),
        "hold_form": HoldForm(prefix="hold"),
        "lift_hold_form": LiftHoldForm(prefix="lift-hold"),
        "restrict_form": RestrictForm(prefix="restrict"),
        "lift_restriction_form": LiftRestrictionForm(prefix="unrestrict"),
        "erase_form": EraseForm(prefix="erase"),
    }
