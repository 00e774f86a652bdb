"""A report of "Bankverbindung ändern" is the change request: it waits in approvals and in My data, and
its ticket follows the case worker's decision."""

import pytest
from django.urls import reverse

from catalogs.models import ExtraField
from notifications.models import OutboxMessage
from tests.factories import CatalogItemFactory, ExtraFieldFactory
from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_reject
from tickets.models import ChangeRequest, Ticket
from tickets.status import Status

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


@pytest.fixture
def bank_item():
    item = CatalogItemFactory(
        name_de="Bankverbindung ändern",
        change_request_kind="bank_account",
        group__category__kind="tenancy",
        group__category__allows_public=False,
        allows_public=False,
    )
    ExtraFieldFactory(item=item, key="iban", kind=ExtraField.Kind.IBAN, label_de="Neue IBAN", position=1)
    ExtraFieldFactory(item=item, key="kontoinhaber", label_de="Kontoinhaber", position=2)
    return item


def report(client, unit, item, data):
    url = reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"
    return client.post(url, data)


def test_report_creates_the_change_request_seen_in_approvals_and_my_data(
    tenant_client, tenant, unit, bank_item, client, case_worker
):
    typed = {"x_iban": "DE89 3704 0044 0532 0130 00", "x_kontoinhaber": "Erika Mustermann"}
    response = report(tenant_client, unit, bank_item, typed)
    assert response.status_code == 302, response.content.decode()[:1500]
    ticket = Ticket.objects.get()
    change = ChangeRequest.objects.get()
    assert (change.party, change.ticket, change.kind) == (tenant, ticket, ChangeRequest.Kind.BANK_ACCOUNT)
    assert change.new_values == {"iban": IBAN, "holder": "Erika Mustermann", "bic": ""}
    assert ticket.description == "Bankverbindung ändern"  # no words needed for a desk matter

    my_data = tenant_client.get(reverse("portal:my_data"))
    assert my_data.status_code == 200
    assert "DE89 **** **** **** **30 00" in my_data.content.decode()
    assert IBAN not in my_data.content.decode()

    client.force_login(case_worker)
    approvals = client.get(reverse("backoffice:approvals"))
    assert approvals.status_code == 200
    assert "Erika Mustermann" in approvals.content.decode()


def test_an_invalid_iban_stores_nothing(tenant_client, unit, bank_item):
    response = report(tenant_client, unit, bank_item, {"x_iban": "DE00 1234", "x_kontoinhaber": "Erika"})
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert not ChangeRequest.objects.exists()


def test_the_form_asks_no_repair_questions_for_a_tenancy_matter(tenant_client, unit, bank_item):
    url = reverse("portal:report_details") + f"?place=u{unit.pk}&item={bank_item.pk}"
    page = tenant_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Neue IBAN" in text
    for asked in ('name="photos"', 'name="availability"', 'name="phone_consent"', "Was ist passiert?"):
        assert asked not in text


@pytest.fixture
def reported(tenant_client, unit, bank_item):
    report(tenant_client, unit, bank_item, {"x_iban": IBAN, "x_kontoinhaber": "Erika Mustermann"})
    return ChangeRequest.objects.select_related("ticket").get()


def test_approval_closes_the_ticket_and_tells_the_tenant_once(reported, case_worker, tenant):
    change_request_approve(request=reported, actor=Actor.for_user(case_worker))
    ticket = Ticket.objects.get()
    assert ticket.status == Status.DONE
    assert tenant.bank_accounts.get(valid_until__isnull=True).iban == IBAN
    told = OutboxMessage.objects.filter(recipient_party=tenant, ticket=ticket)
    assert told.filter(kind="change_request_decided").count() == 1
    assert not told.filter(kind="status_changed").exists()  # one mail about one decision


def test_rejection_rejects_the_ticket_with_the_reason(reported, case_worker, tenant, tenant_client):
    change_request_reject(request=reported, actor=Actor.for_user(case_worker), reason="Konto unbekannt")
    ticket = Ticket.objects.get()
    assert (ticket.status, ticket.status_reason) == (Status.REJECTED, "Konto unbekannt")
    mail = OutboxMessage.objects.get(recipient_party=tenant, kind="change_request_decided")
    assert "Konto unbekannt" in mail.body_text
    page = tenant_client.get(reverse("portal:ticket", args=[ticket.reference]))
    assert page.status_code == 200
    assert "Konto unbekannt" in page.content.decode()
