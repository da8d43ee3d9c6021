import pytest
from flask import render_template_string
from jinja2 import UndefinedError


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def test_a_misspelt_name_fails_loudly(request_context):
    # Jinja's default would print nothing here; a typo must fail the test that renders it.
    with pytest.raises(UndefinedError):
        render_template_string("<p>{{ servcie }}</p>")
    with pytest.raises(UndefinedError):
        render_template_string("{% if servcie %}shown{% endif %}")


def test_a_missing_attribute_of_our_objects_fails_loudly(request_context):
    class Ward:
        name = "West End"

    with pytest.raises(UndefinedError):
        render_template_string("{{ ward.nmae }}", ward=Ward())


def test_gov_uk_macros_render_with_only_the_parameters_we_give(request_context):
    html = render_template_string(
        '{% from "govuk_frontend_jinja/components/notification-banner/macro.html" import govukNotificationBanner %}'
        '{{ govukNotificationBanner({"text": "Saved"}) }}'
    )
    assert "govuk-notification-banner" in html and "Saved" in html
