"""The ERP books approved contract changes through the change-request API it already uses: a name change
with old and new name, a co-tenant moving in with the person, the date and the kind of change."""

import pytest
from django.urls import reverse

from api.models import Scope
from contracts.models import ContractChange
from tests.api.conftest import ApiClient, make_integration
from tests.factories import TeamFactory

from .conftest import client_for, consent_link, in_days, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    TeamFactory(is_fallback=True)
    _integration, token = make_integration(Scope.CHANGEREQUESTS)
    return ApiClient(token)


def _approve(case_worker, change):
    change.process.refresh_from_db()
    client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )


def test_an_approved_name_change_reaches_the_erp(erp, tenant, case_worker):
    client_for(tenant.user).post(
        reverse("portal:contract_name"), {"last_name": "Musterfrau", "proof": pdf_upload()}
    )
    change = ContractChange.objects.get()
    assert erp.get("/change-requests").json()["items"] == []  # nothing before the approval
    _approve(case_worker, change)
    [item] = erp.get("/change-requests").json()["items"]
    assert item["kind"] == "name" and item["party_id"] == tenant.pk
    assert item["old_values"]["last_name"] == "Mustermann" and item["new_values"]["last_name"] == "Musterfrau"
    assert item["ticket"] == change.reference
    assert erp.post(f"/change-requests/{item['id']}/booked").status_code == 200


def test_an_approved_move_in_reaches_the_erp(erp, tenant, co_tenant, case_worker):
    from django.test import Client

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
    for party in (co_tenant, change.person):
        Client().post(consent_link(party), {"answer": "agreed"})
    _approve(case_worker, change)
    [item] = erp.get("/change-requests").json()["items"]
    assert item["kind"] == "contract"
    assert item["new_values"] == {
        "change": "move_in",
        "contract_number": "MV-4711",
        "unit": change.unit.external_id or change.unit.number,
        "person_id": str(change.person_id),
        "person": "Clara Neu",
        "email": "clara@example.org",
        "date": in_days(14).isoformat(),
        "relation": "spouse",
    }
