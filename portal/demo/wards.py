"""The ward pages' step of `flask demo load`: real wards, boundaries and crime, the advice, and demonstration
ward teams, ward panel priorities and meetings (fictional, labelled as demonstration data on every page).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from portal.db import session
from portal.models import Ward, WardMeeting
from portal.services.wards import advice, boundaries, content, crime, reference, summaries
from portal.services.wards.page import clear_cache

WARD_PAGES = Path(__file__).resolve().parents[2] / "ward_pages"
DATA = WARD_PAGES / "data"
DEMO = WARD_PAGES / "demo"


def load_real_data(with_boundaries: bool = True) -> str:
    """The bundled real wards, categories and crime (also what the browser tests seed)."""
    wards = reference.load_wards(DATA / "london_wards.csv")
    reference.load_statistics_publishers(DATA / "statistics_publishers.csv")
    reference.load_categories(DATA / "category_mapping.csv")
    if with_boundaries:
        boundaries.load_boundaries(DATA / "london_wards.geojson")
    loaded = crime.load_crime(DATA / "mps_ward_crime_24m.csv")
    summaries.suggest_borough_priorities()
    advice.load_advice(WARD_PAGES / "advice")
    clear_cache()
    return f"{wards}; {loaded}"


def _upcoming(code: str, today: date, offset: int) -> date:
    """A deterministic date 1-6 weeks ahead, different for each ward, so the demo always has upcoming meetings."""
    days = 7 + int(hashlib.sha256(f"{code}{offset}".encode()).hexdigest(), 16) % 35
    return today + timedelta(days=days)


def load_demo_meetings(today: date | None = None) -> int:
    today = today or date.today()
    session.execute(delete(WardMeeting).where(WardMeeting.is_demo.is_(True)))
    real = select(WardMeeting.ward_id).where(WardMeeting.is_demo.is_(False))
    wards = session.execute(
        select(Ward.code, Ward.id, Ward.name).where(Ward.retired_at.is_(None), Ward.id.not_in(real))
    ).all()
    for code, ward_id, name in wards:
        panel = datetime.combine(_upcoming(code, today, 0), time(19, 0))
        surgery = datetime.combine(_upcoming(code, today, 1), time(11, 0))
        session.add_all(
            [
                WardMeeting(
                    ward_id=ward_id,
                    title="Ward panel meeting",
                    type="meeting",
                    description="Residents and the ward team agree the ward's priorities and review progress.",
                    address=f"{name} community hall (demonstration venue)",
                    starts_at=panel,
                    ends_at=panel + timedelta(hours=1, minutes=30),
                    is_demo=True,
                ),
                WardMeeting(
                    ward_id=ward_id,
                    title="Street surgery",
                    type="surgery",
                    description="Drop in to meet your ward officers, ask questions or pick up crime prevention advice.",
                    address=f"Outside {name} library (demonstration venue)",
                    starts_at=surgery,
                    ends_at=surgery + timedelta(hours=2),
                    is_demo=True,
                ),
            ]
        )
    session.commit()
    return len(wards) * 2


def ward_pages_demo() -> str:
    real = load_real_data()
    team = content.load_team(DEMO / "ward_teams.csv", demo=True)
    priorities = content.load_priorities(DEMO / "ward_panel_priorities.csv", demo=True)
    meetings = load_demo_meetings()
    clear_cache()
    return f"{real}; demonstration data: {team} officers, {priorities} ward panel priorities, {meetings} meetings"
