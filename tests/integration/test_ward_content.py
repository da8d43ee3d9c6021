"""Ward content: boundaries, advice articles, officer / priority / meeting CSVs, and the staff-facing functions."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.db import session
from portal.models import AdviceArticle, BoroughPriority, WardBoundary, WardTeamMember
from portal.services.wards import advice, boundaries, content, feedback
from portal.services.wards.datafile import DataFileError
from portal.services.wards.search import ward_by_code
from tests.support.ward_data import ADVICE, GEOJSON, WARD_PAGES, load_reference, write_csv

RESIDENT_CATEGORIES = [
    "theft-from-the-person",
    "burglary",
    "vehicle-crime",
    "bicycle-theft",
    "robbery",
    "criminal-damage-arson",
    "fraud",
    "anti-social-behaviour",
    "violent-crime",
    "possession-of-weapons",
    "shoplifting",
]


def test_boundaries_load_and_draw_the_ward_within_its_borough(app_context):
    load_reference()
    assert boundaries.load_boundaries(GEOJSON) == 704
    assert boundaries.load_boundaries(GEOJSON) == 704  # reload replaces, never duplicates
    assert session.scalar(select(func.count()).select_from(WardBoundary)) == 704
    west_end = boundaries.borough_map(ward_by_code("E05013808"))
    assert west_end.neighbours == 17  # Westminster has 18 wards
    assert west_end.ward_path.startswith("M") and west_end.ward_path.endswith("Z")
    assert west_end.ward_path not in west_end.other_paths


def test_bad_boundary_features_are_named(app_context, tmp_path):
    load_reference()
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"features": [{"properties": {"ward_code": "E05999999"}, "geometry": {"type": "Point"}}]}')
    with pytest.raises(DataFileError, match=r"bad.geojson, feature 1, property ward_code: no ward has the code"):
        boundaries.load_boundaries(bad)


def test_every_resident_facing_category_has_an_article(app_context):
    load_reference()
    assert advice.load_advice(ADVICE) >= 10
    covered = {c.slug for article in session.scalars(select(AdviceArticle)) for c in article.categories}
    assert set(RESIDENT_CATEGORIES) <= covered
    phone = session.scalar(select(AdviceArticle).where(AdviceArticle.slug == "phone-theft"))
    assert "IMEI" in phone.html and "<script" not in phone.html


def test_an_article_naming_an_unknown_category_is_refused(app_context, tmp_path):
    load_reference()
    (tmp_path / "odd.md").write_text("---\ntitle: Odd\nsummary: Odd\ncategories: [parking]\n---\nBody\n")
    with pytest.raises(DataFileError, match=r"odd.md, line 1: unknown categories: parking"):
        advice.load_advice(tmp_path)


def test_officer_csv_replaces_each_named_wards_team(app_context, tmp_path):
    load_reference()
    header = ["ward_code", "name", "rank", "role", "email", "bio"]
    team = [
        ["E05013808", "Alex Officer", "PC", "Dedicated ward officer", "westend@example.org", ""],
        ["E05013808", "Bo Officer", "PCSO", "Police community support officer", "", "Walks the beat."],
    ]
    path = write_csv(tmp_path / "officers.csv", header, team)
    assert content.load_team(path) == 2
    assert content.load_team(path) == 2
    assert session.scalar(select(func.count()).select_from(WardTeamMember)) == 2

    bad = write_csv(tmp_path / "bad.csv", header, [["E05013808", "", "PC", "Officer", "not-an-email", ""]])
    with pytest.raises(DataFileError) as error:
        content.load_team(bad)
    assert str(error.value).splitlines() == [
        "bad.csv, line 2, column email: 'not-an-email' is not an email address",
        "bad.csv, line 2, column name: is empty",
    ]


def test_the_demonstration_csvs_load_for_every_ward(app_context):
    load_reference()
    assert content.load_team(WARD_PAGES / "demo" / "ward_teams.csv", demo=True) == 704 * 3
    assert content.load_priorities(WARD_PAGES / "demo" / "ward_panel_priorities.csv", demo=True) >= 704


def test_meetings_and_priorities_report_bad_dates(app_context, tmp_path):
    load_reference()
    header = ["ward_code", "title", "type", "description", "address", "starts_at", "ends_at"]
    bad = write_csv(tmp_path / "meetings.csv", header, [["E05013808", "Panel", "party", "", "Hall", "soon", ""]])
    with pytest.raises(DataFileError) as error:
        content.load_meetings(bad)
    assert str(error.value).splitlines() == [
        "meetings.csv, line 2, column type: 'party' is not one of meeting, surgery, community-event",
        "meetings.csv, line 2, column starts_at: 'soon' is not a date and time (YYYY-MM-DDTHH:MM)",
    ]


def test_staff_functions_set_agreed_borough_priorities_and_content(app_context):
    load_reference()
    west_end = ward_by_code("E05013808")
    content.set_borough_priorities(west_end.borough, ["robbery", "burglary"])
    agreed = session.scalars(select(BoroughPriority).order_by(BoroughPriority.sort_order)).all()
    assert [(p.category.slug, p.suggested) for p in agreed] == [("robbery", False), ("burglary", False)]
    with pytest.raises(ValueError):
        content.set_borough_priorities(west_end.borough, ["parking"])
    priority = content.save_ward_priority(west_end, issue="Bike theft", action="Marking days", issue_date=date.today())
    assert not priority.is_demo
    assert (
        len(content.set_team(west_end, [{"name": "A", "rank": "PC", "role": "DWO", "email": None, "bio": None}])) == 1
    )


def test_priority_feedback_is_counted_per_ward(app_context):
    load_reference()
    west_end = ward_by_code("E05013808")
    feedback.save_feedback(west_end, ["burglary", "drugs"], None)
    feedback.save_feedback(west_end, ["drugs"], "Dealing by the station")
    assert feedback.issue_counts(west_end) == [("Drug dealing or drug use", 2), ("Burglary", 1)]
    assert feedback.responses_by_ward() == {west_end.id: 2}
    with pytest.raises(ValueError):
        feedback.save_feedback(west_end, ["a", "b", "c", "d"], None)


def test_demonstration_data_never_overwrites_real_content(app_context, tmp_path):
    load_reference()
    west_end = ward_by_code("E05013808")
    content.set_team(west_end, [{"name": "Real Officer", "rank": "PC", "role": "DWO", "email": None, "bio": None}])
    content.load_team(WARD_PAGES / "demo" / "ward_teams.csv", demo=True)
    content.load_team(WARD_PAGES / "demo" / "ward_teams.csv", demo=True)
    names = session.scalars(select(WardTeamMember.name).where(WardTeamMember.ward_id == west_end.id)).all()
    assert names == ["Real Officer"]
    assert session.scalar(select(func.count()).select_from(WardTeamMember)) == 703 * 3 + 1
