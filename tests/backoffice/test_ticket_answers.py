"""The staff ticket page shows the report's answers, the IBAN masked; the full IBAN only through the
logged door (a POST that records estate.IbanAccess first), for staff who approve bank changes."""

import pytest
from django.urls import reverse

from catalogs.models import ExtraField
from estate.models import IbanAccess
from tests.factories import (
    CatalogItemFactory,
    ChangeRequestFactory,
    ExtraFieldFactory,
    StaffFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


@pytest.fixture
def ticket(tenant):
    item = CatalogItemFactory(name_de="Bankverbindung ändern", group__category__kind="tenancy")
    ExtraFieldFactory(
        item=item, key="iban", kind=ExtraField.Kind.IBAN, label_de="Neue IBAN", label_en="New IBAN",
        label_nl="Nieuwe IBAN", position=1,
    )  # fmt: skip
    ExtraFieldFactory(item=item, key="kontoinhaber", label_de="Kontoinhaber", label_en="Account holder",
                      label_nl="Rekeninghouder", position=2)  # fmt: skip
    return TicketFactory(item=item, reporter=tenant, answers={"iban": IBAN, "kontoinhaber": "Erika M."})


def page(client, ticket, language="de") -> str:
    # Staff read the back-office in the language they chose.
    client.post(reverse("backoffice:language"), {"language": language})
    response = client.get(reverse("backoffice:ticket", args=[ticket.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_answers_with_the_iban_masked(staff_client, ticket):
    text = page(staff_client, ticket)
    assert "Neue IBAN" in text and "Kontoinhaber" in text and "Erika M." in text
    assert "DE89 **** **** **** **30 00" in text
    assert IBAN not in text
    assert not IbanAccess.objects.exists()


@pytest.mark.parametrize(("language", "label"), [("en", "Account holder"), ("nl", "Rekeninghouder")])
def test_labels_are_in_the_readers_language(staff_client, ticket, language, label):
    assert label in page(staff_client, ticket, language)


def test_the_logged_door_records_the_look_and_shows_the_iban(staff_client, case_worker, ticket, tenant):
    response = staff_client.post(reverse("backoffice:ticket_iban", args=[ticket.reference]))
    assert response.status_code == 200
    assert IBAN in response.content.decode()
    access = IbanAccess.objects.get()
    assert (access.user, access.party, access.purpose) == (case_worker, tenant, IbanAccess.PURPOSE_TICKET)
    assert IBAN not in page(staff_client, ticket)  # the next look is masked again


def test_staff_without_the_approval_permission_get_no_door(client, ticket):
    client.force_login(StaffFactory())
    assert "IBAN vollständig anzeigen" not in page(client, ticket)
    response = client.post(reverse("backoffice:ticket_iban", args=[ticket.reference]))
    assert response.status_code == 404
    assert not IbanAccess.objects.exists()


def test_the_door_is_post_only(staff_client, ticket):
    assert staff_client.get(reverse("backoffice:ticket_iban", args=[ticket.reference])).status_code == 405
    assert not IbanAccess.objects.exists()


def test_the_page_links_to_its_change_request(staff_client, ticket, tenant):
    ticket.item.change_request_kind = "bank_account"
    ticket.item.save()
    change = ChangeRequestFactory(ticket=ticket, party=tenant)
    text = page(staff_client, ticket)
    assert "wartet auf Freigabe" in text
    assert reverse("backoffice:approval", args=[change.pk]) in text


def test_staff_who_may_not_approve_see_the_state_without_the_link(client, ticket, tenant):
    ticket.item.change_request_kind = "bank_account"
    ticket.item.save()
    change = ChangeRequestFactory(ticket=ticket, party=tenant)
    client.force_login(StaffFactory())
    text = page(client, ticket)
    assert "wartet auf Freigabe" in text
    assert reverse("backoffice:approval", args=[change.pk]) not in text
