"""Freigaben: approvers see old and new side by side, approve or reject (with a reason), the tenant is
told; the full IBAN only on a request's page and every showing logged; others get 404."""

import pytest
from django.urls import reverse

from estate.models import BankAccount, IbanAccess
from notifications.models import OutboxMessage
from tests.factories import BankAccountFactory, PartyFactory, StaffFactory
from tickets.actors import Actor
from tickets.change_requests import change_request_create
from tickets.models import ChangeRequest

NEW_IBAN = "DE02120300000000202051"
OLD_IBAN = "DE89370400440532013000"


def _request(party=None) -> ChangeRequest:
    party = party or PartyFactory(email="erika@example.org")
    BankAccountFactory(party=party, iban=OLD_IBAN, holder="Erika Muster")
    return change_request_create(
        party=party,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": NEW_IBAN, "holder": "Erika Muster"},
        actor=Actor.for_party(party),
    )


def test_list_shows_old_and_new_with_the_iban_masked(staff_client):
    _request()
    response = staff_client.get(reverse("backoffice:approvals"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "DE89 **** **** **** **30 00" in page and "DE02 **** **** **** **20 51" in page
    assert OLD_IBAN not in page and NEW_IBAN not in page
    assert not IbanAccess.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_runs_a_fixed_number_of_queries(staff_client, rows, django_assert_num_queries):
    for _ in range(rows):
        _request()
    # session, user, the user's own and group permissions, the requests with their people and tickets
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("backoffice:approvals"))
    assert response.content.decode().count("Bankverbindung</a>") == rows


def test_request_page_shows_the_full_iban_and_logs_it(staff_client, case_worker):
    change = _request()
    response = staff_client.get(reverse("backoffice:approval", args=[change.pk]))
    assert NEW_IBAN in response.content.decode() and OLD_IBAN in response.content.decode()
    access = IbanAccess.objects.get()
    assert (access.user, access.party, access.change_request) == (case_worker, change.party, change)


def test_approval_changes_the_bank_account_and_tells_the_tenant(staff_client):
    change = _request()
    response = staff_client.post(reverse("backoffice:approval_approve", args=[change.pk]))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.APPROVED
    assert BankAccount.objects.get(party=change.party, valid_until=None).iban == NEW_IBAN
    mail = OutboxMessage.objects.get(kind="change_request_decided")
    assert mail.recipient_address == "erika@example.org" and "übernommen" in mail.subject


def test_rejection_needs_a_reason(staff_client):
    change = _request()
    response = staff_client.post(reverse("backoffice:approval_reject", args=[change.pk]), {"reason": " "})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Begründung an." in response.content.decode()
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING


def test_rejection_keeps_the_bank_account_and_tells_the_tenant_why(staff_client):
    change = _request()
    url = reverse("backoffice:approval_reject", args=[change.pk])
    staff_client.post(url, {"reason": "Kontoinhaber stimmt nicht mit dem Mieter überein."})
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.REJECTED
    assert BankAccount.objects.get(party=change.party, valid_until=None).iban == OLD_IBAN
    mail = OutboxMessage.objects.get(kind="change_request_decided")
    assert "Kontoinhaber stimmt nicht" in mail.body_text


def test_a_decided_request_cannot_be_decided_again(staff_client):
    change = _request()
    staff_client.post(reverse("backoffice:approval_approve", args=[change.pk]))
    again = staff_client.post(
        reverse("backoffice:approval_reject", args=[change.pk]), {"reason": "Doch nicht"}
    )
    assert again.status_code == 404


def test_staff_without_the_approval_permission_get_404(client):
    change = _request()
    client.force_login(StaffFactory())
    assert client.get(reverse("backoffice:approvals")).status_code == 404
    assert client.get(reverse("backoffice:approval", args=[change.pk])).status_code == 404
    assert client.post(reverse("backoffice:approval_approve", args=[change.pk])).status_code == 404
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING
    assert not IbanAccess.objects.exists()


def test_a_tenant_gets_404(client, tenant):
    change = _request()
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:approvals")).status_code == 404
    assert client.post(reverse("backoffice:approval_approve", args=[change.pk])).status_code == 404
