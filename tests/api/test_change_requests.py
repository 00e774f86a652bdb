"""The ERP books approved changes; the tenant's "My data" shows them done."""

from django.urls import reverse

from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_create
from tickets.models import ChangeRequest


def _approved(party, case_worker):
    request = change_request_create(
        party=party,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": "DE89370400440532013000", "holder": "Erika Mustermann"},
        actor=Actor.for_party(party),
    )
    return change_request_approve(request=request, actor=Actor.for_user(case_worker))


def test_approved_unbooked_requests_are_listed_with_the_full_iban(erp, tenant, case_worker):
    request = _approved(tenant, case_worker)
    items = erp.get("/change-requests").json()["items"]
    assert [(i["id"], i["new_values"]["iban"]) for i in items] == [(request.pk, "DE89370400440532013000")]


def test_booking_marks_it_done_for_the_tenant(erp, tenant, case_worker, client):
    request = _approved(tenant, case_worker)
    response = erp.post(f"/change-requests/{request.pk}/booked")
    assert response.status_code == 200
    assert response.json()["booked_at"]
    assert erp.get("/change-requests").json()["items"] == []
    assert erp.post(f"/change-requests/{request.pk}/booked").status_code == 409
    client.force_login(tenant.user)
    page = client.get(reverse("portal:my_data"))
    assert page.status_code == 200
    assert "Erledigt" in page.content.decode()


def test_a_pending_request_cannot_be_booked(erp, tenant):
    request = change_request_create(
        party=tenant,
        kind=ChangeRequest.Kind.NAME,
        new_values={"last_name": "Neu"},
        actor=Actor.for_party(tenant),
    )
    assert erp.post(f"/change-requests/{request.pk}/booked").status_code == 404
