"""Submitting a report indexes its identifiers in the same transaction, so the next report can be matched."""

from sqlalchemy import select

from portal.db import session
from portal.models import Report, ReportIdentifier, StaffUser
from portal.services.oversight import duplicates
from tests.factories.reports import (  # noqa: F401  (fixtures)
    db_fixture,
    road_traffic_pages,
    send,
    walk,
    ward_fixture,
)
from tests.factories.staff import make_staff

SLUG = "road-traffic-incident"


def test_two_submitted_reports_about_the_same_van_are_suggested_as_duplicates(app, ward, db):
    for registration in ("AB12 CDE", "ab12cde"):
        client = app.test_client()
        pages = [
            (path, {**data, "registration": registration} if path == "vehicles/1" else data)
            for path, data in road_traffic_pages(ward.code)
        ]
        walk(client, SLUG, pages)
        send(client, SLUG)
    rows = db(
        lambda: session.execute(select(ReportIdentifier.kind, ReportIdentifier.value, ReportIdentifier.source)).all()
    )
    assert sorted(set(rows)) == [
        ("email", "sam@example.com", "reporter"),
        ("name", "obrien", "reporter"),
        ("name", "sam", "reporter"),
        ("phone", "+447911123456", "reporter"),
        ("phone-digits", "07911123456", "reporter"),
        ("phone-digits", "447911123456", "reporter"),
        ("registration", "AB12CDE", "vehicle"),
    ]
    assert len(rows) == 14

    def suggestions():
        officer = make_staff("officer", wards=[ward])
        first, second = session.scalars(select(Report).order_by(Report.id)).all()
        found = duplicates.short_list(second, session.get(StaffUser, officer.id))
        repeat = [r.id == first.id for r in found.repeat.others]
        return [(m.report.id == first.id, m.reasons) for m in found.matches], repeat

    # The same reporter's email and phone make them a repeat reporter, not the reason for the match.
    assert db(suggestions) == ([(True, ["Vehicle registration AB12CDE (a vehicle in both)"])], [True])
