"""Ward teams, ward panel priorities, meetings and borough priorities: loaded from CSV, or set by staff.

Each CSV replaces the rows of the wards it names, so loading a file again changes nothing and wards not in the
file keep their content. The functions below the loaders are what a staff page calls to edit the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from portal.db import session
from portal.models import Borough, BoroughPriority, CrimeCategory, Ward, WardMeeting, WardPriority, WardTeamMember
from portal.services.wards.datafile import Problems, read_csv

TEAM_COLUMNS = ("ward_code", "name", "rank", "role", "email", "bio")
PRIORITY_COLUMNS = ("ward_code", "issue", "action", "issue_date", "action_date")
MEETING_COLUMNS = ("ward_code", "title", "type", "description", "address", "starts_at", "ends_at")
MEETING_TYPES = ("meeting", "surgery", "community-event")


def _text(value: str, column: str, problems: Problems, line: int, limit: int, required: bool = True) -> str | None:
    if not value:
        if required:
            problems.add(line, column, "is empty")
        return None
    if len(value) > limit:
        problems.add(line, column, f"is longer than {limit} characters")
    return value


def _date(value: str, column: str, problems: Problems, line: int, required: bool) -> date | None:
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(line, column, f"'{value}' is not a date (YYYY-MM-DD)")
        return None


def _datetime(value: str, column: str, problems: Problems, line: int, required: bool) -> datetime | None:
    if not value and not required:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        problems.add(line, column, f"'{value}' is not a date and time (YYYY-MM-DDTHH:MM)")
        return None


def _team_row(row: dict[str, str], problems: Problems, line: int) -> dict[str, Any]:
    email = _text(row["email"], "email", problems, line, 254, required=False)
    if email and "@" not in email:
        problems.add(line, "email", f"'{email}' is not an email address")
    return {
        "name": _text(row["name"], "name", problems, line, 100),
        "rank": _text(row["rank"], "rank", problems, line, 60),
        "role": _text(row["role"], "role", problems, line, 100),
        "email": email,
        "bio": row["bio"] or None,
    }


def _priority_row(row: dict[str, str], problems: Problems, line: int) -> dict[str, Any]:
    return {
        "issue": _text(row["issue"], "issue", problems, line, 2000),
        "action": row["action"] or None,
        "issue_date": _date(row["issue_date"], "issue_date", problems, line, required=True),
        "action_date": _date(row["action_date"], "action_date", problems, line, required=False),
    }


def _meeting_row(row: dict[str, str], problems: Problems, line: int) -> dict[str, Any]:
    if row["type"] not in MEETING_TYPES:
        problems.add(line, "type", f"'{row['type']}' is not one of {', '.join(MEETING_TYPES)}")
    return {
        "title": _text(row["title"], "title", problems, line, 200),
        "type": row["type"],
        "description": row["description"] or None,
        "address": _text(row["address"], "address", problems, line, 300),
        "starts_at": _datetime(row["starts_at"], "starts_at", problems, line, required=True),
        "ends_at": _datetime(row["ends_at"], "ends_at", problems, line, required=False),
    }


def _load(
    path: Path,
    columns: tuple[str, ...],
    model: type,
    parse: Callable[[dict[str, str], Problems, int], dict[str, Any]],
    demo: bool,
) -> int:
    _, rows = read_csv(path, columns)
    problems = Problems(path)
    wards = dict(session.execute(select(Ward.code, Ward.id)).tuples().all())
    records: list[dict[str, Any]] = []
    for line, row in rows:
        if row["ward_code"] not in wards:
            problems.add(line, "ward_code", f"no ward has the code '{row['ward_code']}'")
        values = parse(row, problems, line)
        records.append({"ward_id": wards.get(row["ward_code"]), "is_demo": demo, **values})
    problems.raise_if_any()
    table: Any = model
    replaced = delete(table)
    if demo:
        # Demonstration data never overwrites real content: wards whose team (or priorities) staff have set keep it.
        real = set(session.scalars(select(table.ward_id).where(table.is_demo.is_(False))))
        records = [record for record in records if record["ward_id"] not in real]
        replaced = replaced.where(table.is_demo.is_(True))
    ward_ids = sorted({record["ward_id"] for record in records})
    for start in range(0, len(ward_ids), 500):
        session.execute(replaced.where(table.ward_id.in_(ward_ids[start : start + 500])))
    for order, record in enumerate(records):
        if model is WardTeamMember:
            record["sort_order"] = order
        session.add(model(**record))
    session.commit()
    return len(records)


def load_team(path: Path, demo: bool = False) -> int:
    return _load(path, TEAM_COLUMNS, WardTeamMember, _team_row, demo)


def load_priorities(path: Path, demo: bool = False) -> int:
    return _load(path, PRIORITY_COLUMNS, WardPriority, _priority_row, demo)


def load_meetings(path: Path, demo: bool = False) -> int:
    return _load(path, MEETING_COLUMNS, WardMeeting, _meeting_row, demo)


# Functions for the staff view. Staff-entered content is never demonstration content.


def set_borough_priorities(borough: Borough, category_slugs: Iterable[str]) -> list[BoroughPriority]:
    """Record the borough's agreed priority crimes; they replace the suggestions from recorded crime."""
    slugs = list(dict.fromkeys(category_slugs))
    categories = {c.slug: c for c in session.scalars(select(CrimeCategory).where(CrimeCategory.slug.in_(slugs)))}
    unknown = [slug for slug in slugs if slug not in categories]
    if unknown:
        raise ValueError(f"unknown crime categories: {', '.join(unknown)}")
    session.execute(delete(BoroughPriority).where(BoroughPriority.borough_id == borough.id))
    priorities = [
        BoroughPriority(borough_id=borough.id, category=categories[slug], suggested=False, sort_order=order)
        for order, slug in enumerate(slugs)
    ]
    session.add_all(priorities)
    session.commit()
    return priorities


def save_ward_priority(ward: Ward, priority: WardPriority | None = None, **values: Any) -> WardPriority:
    """Add a ward panel priority (priority=None) or change one: issue, action, issue_date, action_date."""
    priority = priority or WardPriority(ward_id=ward.id)
    for key, value in values.items():
        setattr(priority, key, value)
    priority.is_demo = False
    session.add(priority)
    session.commit()
    return priority


def save_meeting(ward: Ward, meeting: WardMeeting | None = None, **values: Any) -> WardMeeting:
    """Add or change a meeting: title, type, description, address, starts_at, ends_at."""
    meeting = meeting or WardMeeting(ward_id=ward.id)
    for key, value in values.items():
        setattr(meeting, key, value)
    meeting.is_demo = False
    session.add(meeting)
    session.commit()
    return meeting


def set_team(ward: Ward, members: Iterable[dict[str, Any]]) -> list[WardTeamMember]:
    """Replace the ward's team: each member a dict of name, rank, role, email, bio."""
    session.execute(delete(WardTeamMember).where(WardTeamMember.ward_id == ward.id))
    team = [WardTeamMember(ward_id=ward.id, sort_order=n, is_demo=False, **member) for n, member in enumerate(members)]
    session.add_all(team)
    session.commit()
    return team


def save_team_member(ward: Ward, member: WardTeamMember | None = None, **values: Any) -> WardTeamMember:
    """Add a member to the end of the ward's team (member=None) or change one: name, rank, role, email, bio."""
    if member is None:
        last = session.scalar(select(func.max(WardTeamMember.sort_order)).where(WardTeamMember.ward_id == ward.id))
        member = WardTeamMember(ward_id=ward.id, sort_order=(last + 1) if last is not None else 0)
    for key, value in values.items():
        setattr(member, key, value)
    member.is_demo = False
    session.add(member)
    session.commit()
    return member


def remove(item: WardPriority | WardMeeting | WardTeamMember) -> None:
    session.delete(item)
    session.commit()
