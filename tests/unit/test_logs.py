import logging

from portal.web.logs import SafeFormatter, safe


def test_safe_escapes_line_breaks_so_a_value_cannot_forge_a_log_line():
    assert safe("abc\r\nINFO fake line") == "abc\\x0d\\x0aINFO fake line"


def test_safe_masks_email_addresses():
    assert safe("sent to jo.bloggs+x@example.co.uk ok") == "sent to [email] ok"


def test_access_log_records_the_route_not_the_query_string(client, caplog):
    logger = logging.getLogger("portal")
    logger.addHandler(caplog.handler)
    try:
        client.get("/cookies?email=victim@example.com&ref=ABCD-1234")
    finally:
        logger.removeHandler(caplog.handler)
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.access"]
    assert lines and lines[-1].startswith("GET /cookies 200")
    assert not any("victim" in line or "ABCD" in line for line in lines)


def test_safe_masks_tokens_digests_and_references_but_not_correlation_ids():
    token = "Qx3_" + "a" * 39
    line = safe(f"link {token} digest {'0f' * 32} for HKR7-M3XQ-9TB4 and HKR7M3XQ9TB4 [3fa2b9c8d7e6]")
    assert line == "link [token] digest [token] for [reference] and [reference] [3fa2b9c8d7e6]"


def test_every_line_and_traceback_is_scrubbed_and_kept_to_one_line():
    formatter = SafeFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("no report for victim@example.com\nINFO forged line")
    except ValueError:
        record = logging.LogRecord("portal.x", logging.ERROR, __file__, 1, "failed for %s", ("a@b.com",), None)
        import sys

        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line and "ValueError" in line and "Traceback" in line
    assert "@" not in line and "forged line" in line and "\\x0aINFO forged" in line


def test_the_portal_and_libraries_log_through_the_safe_formatter(app):
    portal_handlers = [h for h in logging.getLogger("portal").handlers if getattr(h, "_portal", False)]
    assert portal_handlers and all(isinstance(h.formatter, SafeFormatter) for h in portal_handlers)


def test_database_errors_never_carry_the_values_bound_to_them(app_context):
    from sqlalchemy import text

    from portal.db import session

    try:
        session.execute(text("SELECT * FROM no_such_table WHERE email = :email"), {"email": "victim@example.com"})
    except Exception as error:  # noqa: BLE001 - whichever error the database raises
        assert "victim@example.com" not in str(error)
        assert "hidden due to hide_parameters" in str(error)
    else:
        raise AssertionError("the statement should have failed")
    finally:
        session.rollback()
