"""schemathesis reads /api/v1/openapi.json and throws generated requests at every operation:
no answer may be a server error, and every answer must match the schema it promised."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jarida.news.tests.factories import ArticleFactory
from jarida.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 30


@pytest.fixture
def in_test_transaction():
    """Requests go through the real WSGI application, in this thread; like Django's test
    client, keep it from closing the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(paper, in_test_transaction):
    ArticleFactory(parent=paper.section, title="خبر ثانٍ عن الموازنة")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    tested = []

    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: schemathesis.Case) -> None:
            # A cursor is opaque: only one the API handed out is valid, so a well-formed
            # made-up one is refused with a 400, which that check would count as a failure.
            # The WSGI transport hands back the body as sent; a browser or `requests` would
            # undo the gzip that uncached answers now get (GZipMiddleware), this does not.
            case.call_and_validate(
                headers={"Accept-Encoding": "identity"},
                excluded_checks=[positive_data_acceptance],
            )

        call()
        tested.append(operation.path)

    assert {"/api/v1/articles/", "/api/v1/articles/{article_id}/", "/api/v1/search/"} <= set(tested)
