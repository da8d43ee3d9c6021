import logging

from portal.web.logs import safe


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
