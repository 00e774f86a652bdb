"""The confidential toggle is a write like any other: it is refused on a page older than the ticket."""

import pytest
from django.urls import reverse

from tests.factories import TicketFactory
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


def test_toggling_on_an_outdated_page_is_refused_and_changes_nothing(staff_client):
    ticket = TicketFactory()
    url = reverse("backoffice:confidential", args=[ticket.reference])
    response = staff_client.post(url, {"vertraulich": "1", "version": ticket.version - 1}, follow=True)
    assert response.status_code == 200
    assert "zwischenzeitlich geändert" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.restricted_to is None
    assert not ticket.events.filter(kind=TicketEvent.Kind.DATA_CHANGE).exists()


def test_the_ticket_page_sends_its_version_with_the_toggle(staff_client, case_worker):
    ticket = TicketFactory()
    page = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    assert "Vertraulich machen" in page
    response = staff_client.post(
        reverse("backoffice:confidential", args=[ticket.reference]),
        {"vertraulich": "1", "version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.restricted_to == case_worker
