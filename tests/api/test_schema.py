"""The OpenAPI document describes every answer: schemathesis asks each operation with values made from
the document, a few, the same ones each run, and no answer may be a server error or differ from what the
document says (a 400 for a value the API cannot use is fine)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

pytestmark = pytest.mark.django_db


# Read without the database: the document is made from the code alone.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _content(world):
    """Something to find, for each operation's answers to be checked with rows in them; and the test's
    connection kept open between requests, as Django's test client keeps it (a request's end closes
    it, which on PostgreSQL would end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance, content_type_conformance])


def test_the_documentation_page_uses_only_this_sites_files(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and "<script>" not in html  # the CSP allows files of this site only
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert client.get("/api/v1/schema/").json()["openapi"] == "3.1.0"
