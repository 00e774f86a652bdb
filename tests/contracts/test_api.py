"""GET /api/v1/contract-changes: the ERP reads decided contract changes with the tenancy each began or
ended, so it can take the new tenancy over under its own key."""

import pytest
from django.test import Client
from django.urls import reverse

from api.models import Scope
from contracts.models import ContractChange
from estate.models import Tenancy
from tests.api.conftest import ApiClient, make_integration
from tests.factories import TeamFactory

from .conftest import client_for, consent_link, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    TeamFactory(is_fallback=True)
    _integration, token = make_integration(Scope.CHANGEREQUESTS)
    return ApiClient(token)


def test_the_erp_reads_a_move_in_with_its_new_tenancy(erp, tenant, co_tenant, case_worker):
    client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "spouse",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    change = ContractChange.objects.get()
    assert erp.get("/contract-changes").json()["items"] == []  # nothing before the decision
    for party in (co_tenant, change.person):
        Client().post(consent_link(party), {"answer": "agreed"})
    change.process.refresh_from_db()
    client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    [item] = erp.get("/contract-changes").json()["items"]
    tenancy = Tenancy.objects.get(party=change.person)
    assert item["kind"] == "move_in" and item["state"] == "approved"
    assert item["contract_number"] == "MV-4711" and item["person"]["name"] == "Clara Neu"
    assert item["tenancy"] == {
        "id": tenancy.pk,
        "party_id": change.person_id,
        "external_id": None,
        "start": in_days(14).isoformat(),
        "end": None,
    }
    assert item["change_request_id"] == change.change_request_id


def test_without_the_scope_it_is_403(tenant):
    TeamFactory(is_fallback=True)
    _integration, token = make_integration(Scope.DOCUMENTS)
    assert ApiClient(token).get("/contract-changes").status_code == 403
