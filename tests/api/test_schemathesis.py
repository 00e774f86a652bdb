"""Property-based tests of every operation, generated from the API's own OpenAPI document and sent to
the WSGI app directly: no answer is a 500, and every answer (status, content type, body) is what the
document says."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import Integration, Scope
from config.wsgi import application
from tests.factories import ContractorFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def tokens(db):
    # As Django's test client does: the WSGI app must not close the test's connection after each call.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    erp = Integration(
        name="ERP", scopes=[s for s in Scope.values if s != Scope.WORKORDERS], rate_limit_per_minute=1_000_000
    )
    erp_token = erp.issue_token()
    erp.save()
    system = Integration(
        name="Handwerker",
        kind=Integration.Kind.CONTRACTOR,
        contractor=ContractorFactory(),
        scopes=[Scope.WORKORDERS, Scope.TICKETS_READ],
        rate_limit_per_minute=1_000_000,
    )
    system_token = system.issue_token()
    system.save()
    yield {"erp": erp_token, "contractor": system_token}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    # The same examples on every run: a run that found nothing stays green until the code changes; a new
    # finding shows up with the change that caused it, not as a random failure of someone else's run.
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_documented(case, tokens):
    who = "contractor" if case.path.startswith("/api/v1/work-orders") else "erp"
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[who]}"}, checks=CHECKS)
