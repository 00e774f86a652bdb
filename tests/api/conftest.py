"""Integrations and a client that calls the API with their token."""

import pytest
from django.core.cache import cache
from django.test import Client

from api.models import Integration, Scope
from tests.factories import ContractorFactory, TeamFactory


@pytest.fixture(autouse=True)
def _fresh_rate_counters(db):
    cache.clear()
    TeamFactory(is_fallback=True)


class ApiClient:
    def __init__(self, token: str):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data=None, *, key: str | None = None, multipart: bool = False):
        headers = dict(self.headers)
        if key:
            headers["Idempotency-Key"] = key
        if multipart:
            return self.client.post(f"/api/v1{path}", data or {}, headers=headers)
        return self.client.post(
            f"/api/v1{path}", data or {}, content_type="application/json", headers=headers
        )


def make_integration(*scopes: str, contractor=None, **fields) -> tuple[Integration, str]:
    integration = Integration(
        name=fields.pop("name", f"System {Integration.objects.count() + 1}"),
        kind=Integration.Kind.CONTRACTOR if contractor else Integration.Kind.ERP,
        contractor=contractor,
        scopes=list(scopes),
        **fields,
    )
    token = integration.issue_token()
    integration.full_clean()
    integration.save()
    return integration, token


@pytest.fixture
def erp():
    """The company's ERP with every scope but work orders."""
    _integration, token = make_integration(
        Scope.TICKETS_READ, Scope.TICKETS_WRITE, Scope.MASTERDATA_WRITE, Scope.CHANGEREQUESTS, Scope.DOCUMENTS
    )
    return ApiClient(token)


@pytest.fixture
def contractor():
    return ContractorFactory()


@pytest.fixture
def contractor_system(contractor):
    _integration, token = make_integration(Scope.WORKORDERS, Scope.TICKETS_READ, contractor=contractor)
    return ApiClient(token)
