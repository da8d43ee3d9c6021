"""Reading the queue's filters, search and order from the query string, and what the queue page shows about them:
the choices with their counts, the saved views and the orders.

Anything unrecognised falls back to the default rather than failing: a stale bookmark still shows a queue."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from portal.core.numbers import whole_number
from portal.models import StaffUser
from portal.services.cases import clocks as case_clock
from portal.services.cases import queue, search, sorting, staff_view, states, triage
from portal.services.cases import scope as queue_scope
from portal.services.reporting import references


def filters_from(args: MultiDict[str, str]) -> queue.Filters:
    typed = search.clean(args.get("q"))
    # A search looks through every status unless one is chosen: a reference typed is found whatever its status.
    status = args.get("status") or (queue.ALL if typed else states.RECEIVED)
    if status not in states.STATUSES and status not in (queue.OPEN, queue.ALL):
        status = states.RECEIVED
    report_type = args.get("type", "")
    grading = args.get("grading", "")
    ward = args.get("ward", "")
    return queue.Filters(
        status=status,
        report_type=report_type if report_type in dict(staff_view.type_choices()) else "",
        ward_id=whole_number(ward),
        unallocated=ward == queue.NOT_ALLOCATED,
        grading=grading if grading in triage.GRADINGS or grading == "ungraded" else "",
        assigned=args.get("assigned", "") if args.get("assigned") in ("me", "unassigned") else "",
        overdue=args.get("overdue") == "yes",
        flagged=args.get("flagged") == "yes",
        search=typed,
        sort=sorting.get(args.get("sort")).code,
    )


def saved_views(viewer: StaffUser, filters: queue.Filters) -> list[dict[str, Any]]:
    """Links that set the filters for the usual ways into a shift's work; the one matching the filters is current."""
    wards = list(viewer.wards)
    mine_wards = {"status": queue.OPEN}
    if len(wards) == 1:
        mine_wards["ward"] = str(wards[0].id)
    views = [
        ("Awaiting triage", {"status": states.RECEIVED}),
        ("My cases", {"status": queue.OPEN, "assigned": "me"}),
        ({0: "My area's reports", 1: "My ward's reports"}.get(len(wards), "My wards' reports"), mine_wards),
        ("Updates due", {"status": queue.OPEN, "sort": sorting.DUE}),
    ]
    current = filters.as_args()
    return [{"text": text, "args": args, "current": args == current} for text, args in views]


def sort_links(filters: queue.Filters) -> list[dict[str, Any]]:
    args = filters.as_args()
    return [
        {"text": sort.label, "args": {**args, "sort": code}, "current": code == filters.sort}
        for code, sort in sorting.SORTS.items()
    ]


def selected_filters(filters: queue.Filters, wards: dict[str, str]) -> list[dict[str, Any]]:
    """The filters chosen beyond the status, each a link that removes it (the MoJ filter's "Selected filters")."""
    args = filters.as_args()
    gradings = {g.code: g.label for g in triage.GRADINGS.values()} | {"ungraded": "Not graded"}
    shown = [
        ("Search", "q", f"“{filters.search}”"),
        ("Type", "type", staff_view.type_label(filters.report_type) if filters.report_type else ""),
        ("Ward", "ward", wards.get(args.get("ward", ""), "")),
        ("Grading", "grading", gradings.get(filters.grading, "")),
        ("Assigned", "assigned", {"me": "Assigned to me", "unassigned": "Not assigned"}.get(filters.assigned, "")),
        ("Only", "overdue", "Update overdue"),
        ("Only", "flagged", "New information"),
    ]
    categories: dict[str, list[dict[str, Any]]] = {}
    for heading, key, text in shown:
        if key in args and text:
            without = {name: value for name, value in args.items() if name != key}
            categories.setdefault(heading, []).append({"text": text, "args": without})
    return [{"heading": heading, "items": items} for heading, items in categories.items()]


def _items(pairs: list[tuple[str, str]], counts: dict[str, int], selected: str, any_label: str) -> list[dict]:
    items = [{"value": "", "text": any_label, "selected": not selected}]
    for value, label in pairs:
        items.append(
            {
                "value": value,
                "text": f"{label} ({queue.count_label(counts.get(value, 0))})",
                "selected": value == selected,
            }
        )
    return items


def queue_context(
    viewer: StaffUser, filters: queue.Filters, result: queue.QueuePage, counts: dict[str, dict[str, int]]
) -> dict[str, Any]:
    statuses = [
        (states.RECEIVED, "Awaiting triage"),
        (queue.OPEN, "All open"),
        *[(s.code, s.label) for s in states.STATUSES.values() if s.code != states.RECEIVED],
        (queue.ALL, "All"),
    ]
    status_items = [
        {
            "value": v,
            "text": f"{label} ({queue.count_label(counts['status'].get(v, 0))})",
            "selected": v == filters.status,
        }
        for v, label in statuses
    ]
    wards = [(str(w.id), w.name) for w in queue.wards_in_scope(viewer)]
    if queue_scope.sees_unallocated(viewer):
        wards.insert(0, (queue.NOT_ALLOCATED, "Not yet allocated to a ward"))
    ward_filter = queue.NOT_ALLOCATED if filters.unallocated else str(filters.ward_id or "")
    gradings = [(g.code, g.label) for g in triage.GRADINGS.values()] + [("ungraded", "Not graded")]
    return {
        "filters": filters,
        "result": result,
        "matching": counts["status"].get(filters.status, 0),
        "views": saved_views(viewer, filters),
        "selected": selected_filters(filters, dict(wards)),
        "sorts": sort_links(filters),
        "status_items": status_items,
        "type_items": _items(staff_view.type_choices(), counts["type"], filters.report_type, "Any type"),
        "ward_items": _items(wards, counts["ward"], ward_filter, "Any ward in my scope"),
        "unallocated_count": counts["ward"].get(queue.NOT_ALLOCATED, 0) if queue_scope.sees_unallocated(viewer) else 0,
        "not_allocated": queue.NOT_ALLOCATED,
        "grading_items": _items(gradings, counts["grading"], filters.grading, "Any grading"),
        "assigned_items": _items(
            [("me", "Assigned to me"), ("unassigned", "Not assigned")], counts["assigned"], filters.assigned, "Anyone"
        ),
        "overdue_count": queue.count_label(counts["overdue"]["yes"]),
        "flagged_count": queue.count_label(counts["flagged"]["yes"]),
        "args": filters.as_args(),
        "display_reference": references.display,
        "type_label": staff_view.type_label,
        "status_label": states.label,
        "grading_label": triage.grading_label,
        "flags": staff_view.flags,
        "clocks": case_clock.clocks,
        "duration": case_clock.duration,
    }
