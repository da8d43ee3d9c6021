"""The ward page as JSON, shaped like police.uk's neighbourhood API where the two overlap.

police.uk names: `id`, `name`, `contact_details`, team members' `name`/`rank`/`bio`/`contact_details`, priorities'
`issue`/`action`/`issue-date`/`action-date`, events' `title`/`type`/`description`/`address`/`start_date`/`end_date`.
Our additions (borough, borough priorities, crime summary, rising categories) use snake_case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app

from portal.models import Ward
from portal.services.wards.page import WardPage


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date | datetime) else None


def ward_path(code: str) -> str:
    """Where a ward's page is (the wards blueprint serves it there)."""
    return f"/wards/{code}"


def ward_summary_json(ward: Ward) -> dict[str, Any]:
    return {
        "id": ward.code,
        "name": ward.name,
        "borough": ward.borough.name,
        "url": ward_path(ward.code),
    }


def ward_json(page: WardPage) -> dict[str, Any]:
    config = current_app.config
    return {
        "id": page.code,
        "name": page.name,
        "url": str(config["PUBLIC_BASE_URL"]).rstrip("/") + ward_path(page.code),
        "borough": {"id": page.borough_code, "name": page.borough_name},
        "retired": page.retired,
        "demonstration_data": page.has_demo_content,
        "contact_details": {"email": page.team_email, "telephone": config["NON_EMERGENCY_NUMBER"]},
        "team": [
            {
                "name": m["name"],
                "rank": m["rank"],
                "role": m["role"],
                "bio": m["bio"],
                "contact_details": {"email": m["email"]},
            }
            for m in page.team
        ],
        "priorities": [
            {
                "issue": p["issue"],
                "action": p["action"],
                "issue-date": _iso(p["issue_date"]),
                "action-date": _iso(p["action_date"]),
            }
            for p in page.ward_priorities
        ],
        "borough_priorities": page.borough_priorities,
        "events": [
            {
                "title": m["title"],
                "type": m["type"],
                "description": m["description"],
                "address": m["address"],
                "start_date": _iso(m["starts_at"]),
                "end_date": _iso(m["ends_at"]),
            }
            for m in page.meetings
        ],
        "crime": _crime_json(page),
        "rising": [f.slug for f in page.rising],
    }


def _crime_json(page: WardPage) -> dict[str, Any]:
    if page.period is None:
        return {"published_by": page.statistics_publisher, "categories": []}
    return {
        "published_by": page.statistics_publisher,
        "period_end": page.period.end.strftime("%Y-%m"),
        # Months with no figures published for the ward: left out of the comparisons, not counted as zero.
        "months_without_figures": [month.strftime("%Y-%m") for month in page.months_without_figures],
        "last_12_months": page.period.label(0, 12),
        "previous_12_months": page.period.label(12, 12),
        "categories": [
            {
                "category": f.slug,
                "name": f.name,
                "last_12": f.last_12,
                "previous_12": f.previous_12,
                "change_percent": f.change,
                "trend": f.trend,
                "last_3": f.recent_3,
                "same_3_year_before": f.year_ago_3,
                "rising": f.rising,
            }
            for f in page.figures
        ],
    }
