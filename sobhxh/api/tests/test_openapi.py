"""The API against its own OpenAPI document (schemathesis, through WSGI in this process): for
generated requests to every operation, no server error, and every answer as documented
(status, content type, headers, body). Bounded to a few examples an operation, so that it
runs with the rest of the suite."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sobhxh.testing.factories import confirmed, make_books, make_token
from sobhxh.wsgi import application

EXAMPLES = 6
# A request the document allows may still be refused by the rules (422: an action without
# the details it must record, a cursor no list gave, a date after today). Every other check
# runs: no 500, status, content type, headers and body as documented, invalid data refused.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def api_schema(world, _keep_the_test_connection):
    confirmed(make_books(world.employers.q1, 3))
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def bearer(world, settings) -> dict:
    # Several hundred requests a minute: this test is about shapes, not the rate limit.
    settings.API_REQUESTS_PER_MINUTE = 100_000
    return {"Authorization": f"Bearer {make_token(world.users.district)[1]}"}


@pytest.fixture
def _keep_the_test_connection():
    # The WSGI handler closes "old" connections at the end of each request, which would end
    # the test's transaction on PostgreSQL; Django's own test client unhooks it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_document(case, bearer):
    case.call_and_validate(headers=bearer, excluded_checks=EXCLUDED)
