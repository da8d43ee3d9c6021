"""Security check 30: staff views and changes are audited; nobody can change or delete an audit record."""

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from portal.db import db, session
from portal.models import AuditEvent
from portal.models.audit import AuditLogIsAppendOnly
from portal.services.staff import audit
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

pytestmark = pytest.mark.usefixtures("app_context")


def actions():
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_record_stores_who_what_which_and_where(app):
    ward = make_ward()
    officer = make_staff("officer", wards=[ward], name="Alex Jones")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.7"}):
        audit.record(officer, "report.viewed", "report", 42, detail="from the queue")
    event = session.scalars(select(AuditEvent)).one()
    assert (event.actor_id, event.actor_name, event.action) == (officer.id, "Alex Jones", "report.viewed")
    assert (event.target_type, event.target_id, event.detail) == ("report", "42", "from the queue")
    assert event.client_address == "198.51.100.7"
    assert event.borough_id == ward.borough_id
    assert event.occurred_at is not None


def test_every_staff_page_view_is_audited(client):
    admin = make_staff("admin")
    login_as(client, admin)
    page(client, "/staff/accounts")
    page(client, f"/staff/accounts/{admin.id}")
    viewed = session.scalars(select(AuditEvent).where(AuditEvent.action == "page.viewed")).all()
    assert [(e.target_id, e.detail) for e in viewed] == [
        ("/staff/accounts", None),
        ("/staff/accounts/<int:staff_id>", f"staff_id={admin.id}"),
    ]
    assert all(e.actor_id == admin.id for e in viewed)


def test_a_refused_page_is_audited(client):
    login_as(client, make_staff("officer"))
    assert client.get("/staff/accounts").status_code == 403
    assert actions() == ["access.refused"]


def test_the_orm_refuses_to_change_or_delete_a_record():
    audit.record(None, "sign_in.failed", detail="unknown account")
    event = session.scalars(select(AuditEvent)).one()
    event.detail = "nothing happened"
    with pytest.raises(AuditLogIsAppendOnly):
        session.commit()
    session.rollback()
    session.delete(session.scalars(select(AuditEvent)).one())
    with pytest.raises(AuditLogIsAppendOnly):
        session.commit()
    session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        session.execute(update(AuditEvent).values(detail="rewritten"))
    session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        session.execute(delete(AuditEvent))
    session.rollback()
    assert session.scalars(select(AuditEvent.detail)).one() == "unknown account"


def test_the_database_refuses_changes_from_any_client():
    """A trigger on both databases, below the ORM's guard: a client that bypasses the portal is refused too."""
    audit.record(None, "sign_in.failed", detail="unknown account")
    for statement in ("UPDATE audit_event SET detail = 'rewritten'", "DELETE FROM audit_event"):
        with db.engine.connect() as connection:
            with pytest.raises(DatabaseError, match="append-only"):
                connection.execute(text(statement))
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT detail FROM audit_event")).scalar_one() == "unknown account"


def test_supervisors_read_their_own_boroughs_log_and_administrators_read_everything(client, app):
    westminster, camden = make_borough("Westminster"), make_borough("Camden")
    supervisor = make_staff("supervisor", boroughs=[westminster], name="Sue Visor")
    audit.record(None, "sign_in.failed", "staff_user", 1, detail="in westminster", borough_id=westminster.id)
    audit.record(None, "sign_in.failed", "staff_user", 2, detail="in camden", borough_id=camden.id)

    login_as(client, supervisor)
    text_ = page(client, "/staff/audit-log", title="Audit log").text
    assert "in westminster" in text_ and "in camden" not in text_

    login_as(client, make_staff("admin"))
    text_ = page(client, "/staff/audit-log").text
    assert "in westminster" in text_ and "in camden" in text_


def test_the_log_pages_backwards_by_id(client):
    admin = make_staff("admin")
    for n in range(audit.PAGE_SIZE + 5):
        audit.record(None, "sign_in.failed", detail=f"event {n}")
    first = audit.events_for(admin)
    assert len(first.events) == audit.PAGE_SIZE and first.older_than is not None
    second = audit.events_for(admin, before=first.older_than)
    assert [e.detail for e in second.events] == [f"event {n}" for n in range(4, -1, -1)]
    assert second.older_than is None

    login_as(client, admin)
    p = page(client, "/staff/audit-log")
    older = p.select_one(".govuk-pagination__next a")["href"]
    assert "event 0" in page(client, older).text


def test_free_text_in_the_log_is_shown_escaped(client):
    audit.record(None, "sign_in.failed", detail="<script>alert(1)</script>")
    login_as(client, make_staff("admin"))
    html = client.get("/staff/audit-log").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_log_filters_by_action_record_and_person(client):
    admin = make_staff("admin")
    officer = make_staff("officer", name="Olu Officer")
    audit.record(officer, "report.viewed", "report", 42)
    audit.record(officer, "report.viewed", "report", 43)
    audit.record(admin, "report.viewed", "report", 42)
    audit.record(None, "sign_in.failed", "staff_user", officer.id, detail="wrong password")

    assert len(audit.events_for(admin, where=audit.AuditFilter(target_type="report", target_id="42")).events) == 2
    assert len(audit.events_for(admin, where=audit.AuditFilter(actor_id=officer.id)).events) == 2
    assert len(audit.events_for(admin, where=audit.AuditFilter(action="sign_in.failed")).events) == 1

    login_as(client, admin)
    p = page(client, "/staff/audit-log?record_type=report&record_id=42")
    rows = p.texts("tbody tr")
    assert len(rows) == 2 and all("report 42" in row for row in rows)
    assert "report" in p.texts("#record_type option")

    p = page(client, f"/staff/accounts/{officer.id}")
    by_link = p.select_one(f"a[href='/staff/audit-log?by={officer.id}']")
    rows = page(client, by_link["href"]).texts("tbody tr")
    assert len(rows) == 2 and all("Olu Officer" in row for row in rows)


def test_a_bad_filter_gets_an_error_summary_not_a_500(client):
    login_as(client, make_staff("admin"))
    p = page(client, "/staff/audit-log?record_id=42%3B%20DROP&by=abc", title="Error: Audit log")
    assert p.error_messages() == ["Enter a record number, like 42", "Choose the person from their account page"]


def test_the_filter_keeps_to_the_supervisors_borough():
    westminster, camden = make_borough("Westminster"), make_borough("Camden")
    supervisor = make_staff("supervisor", boroughs=[westminster])
    audit.record(None, "account.locked", "staff_user", 1, borough_id=camden.id)
    assert audit.events_for(supervisor, where=audit.AuditFilter(action="account.locked")).events == []
    assert "account.locked" not in audit.filter_choices(supervisor)[0]
