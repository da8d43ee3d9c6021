"""Scope: which wards each role may see (the helpers every staff query uses)."""

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import Ward
from portal.services.staff.scope import (
    borough_ids_in_scope,
    can_see_ward,
    scope_description,
    ward_ids_in_scope,
    ward_scope_condition,
)
from tests.factories.staff import make_staff
from tests.factories.wards import make_borough, make_ward

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def london():
    westminster, camden = make_borough("Westminster"), make_borough("Camden")
    return {
        "west_end": make_ward("West End", borough=westminster),
        "soho": make_ward("St James's", borough=westminster),
        "holborn": make_ward("Holborn", borough=camden),
    }


def visible(staff):
    return set(session.scalars(select(Ward.name).where(ward_scope_condition(staff, Ward.id))))


def test_an_officer_sees_only_their_own_wards(london):
    officer = make_staff("officer", wards=[london["west_end"]])
    assert ward_ids_in_scope(officer) == {london["west_end"].id}
    assert visible(officer) == {"West End"}
    assert can_see_ward(officer, london["west_end"].id)
    assert not can_see_ward(officer, london["soho"].id)
    assert not can_see_ward(officer, None)
    assert borough_ids_in_scope(officer) == {london["west_end"].borough_id}


@pytest.mark.parametrize("role", ["supervisor", "front_counter"])
def test_supervisors_and_front_counter_see_their_boroughs_wards(london, role):
    staff = make_staff(role, boroughs=[london["west_end"].borough])
    assert visible(staff) == {"West End", "St James's"}
    assert ward_ids_in_scope(staff) == {london["west_end"].id, london["soho"].id}
    assert not can_see_ward(staff, london["holborn"].id)
    assert scope_description(staff) == ["Westminster"]


def test_an_administrator_sees_everything(london):
    admin = make_staff("admin")
    assert ward_ids_in_scope(admin) is None and borough_ids_in_scope(admin) is None
    assert visible(admin) == {"West End", "St James's", "Holborn"}
    assert can_see_ward(admin, london["holborn"].id)


def test_no_scope_means_nothing_visible(london):
    assert visible(make_staff("officer")) == set()
    assert visible(make_staff("supervisor")) == set()


def test_permissions_come_from_the_role_rows(london):
    officer = make_staff("officer", wards=[london["west_end"]])
    assert officer.can("reports.view") and not officer.can("accounts.manage") and not officer.can("audit.view")
    front_counter = make_staff("front_counter", boroughs=[london["west_end"].borough])
    assert front_counter.can("reports.update") and not front_counter.can("reports.export")
    officer.role.permissions = [p for p in officer.role.permissions if p.permission != "reports.view"]
    session.commit()
    assert not officer.can("reports.view")  # data, not code: removing the row removes the permission


def test_creating_accounts_keeps_a_forces_changes_to_roles_and_sync_roles_restores_the_defaults(app):
    from portal.models import Role
    from portal.services.staff import roles

    officer = make_staff("officer")
    officer.role.permissions = [p for p in officer.role.permissions if p.permission != "reports.export"]
    session.commit()
    roles.ensure_roles()
    assert not officer.can("reports.export")
    assert app.test_cli_runner().invoke(args=["staff", "sync-roles"]).exit_code == 0
    session.expire_all()
    assert session.get(Role, "officer").permission_codes >= {"reports.export", "reports.view"}
