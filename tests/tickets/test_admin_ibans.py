"""The Django admin shows a change request's IBANs and a ticket's answers masked, to any staff with admin
access: the full number only on the approval page, which logs every look."""

import pytest
from django.urls import reverse

from estate.models import mask_iban
from tests.factories import ChangeRequestFactory, TicketFactory

pytestmark = pytest.mark.django_db

IBAN = "DE02120300000000202051"


def test_a_change_requests_admin_page_masks_old_and_new_iban(admin_client):
    request = ChangeRequestFactory(old_values={"iban": "DE89370400440532013000"}, new_values={"iban": IBAN})
    response = admin_client.get(reverse("admin:tickets_changerequest_change", args=[request.pk]))
    assert response.status_code == 200 and mask_iban(IBAN) in response.text
    assert IBAN not in response.text and "DE89370400440532013000" not in response.text
    assert IBAN not in admin_client.get(reverse("admin:tickets_changerequest_changelist")).text


def test_a_tickets_admin_page_masks_an_iban_in_its_answers(admin_client):
    ticket = TicketFactory(answers={"iban": IBAN})
    response = admin_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    assert response.status_code == 200 and mask_iban(IBAN) in response.text
    assert IBAN not in response.text
