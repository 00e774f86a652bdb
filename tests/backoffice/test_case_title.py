"""A case's own title: edited with a version check and a timeline row, shown in the queue and on the page."""

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory, TicketFactory
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(case_worker):
    return TicketFactory(assignee=case_worker, item=CatalogItemFactory(name_de="WC-Spülung defekt"))


def _title(client, ticket, title, version):
    return client.post(
        reverse("backoffice:title", args=[ticket.reference]), {"title": title, "version": version}
    )


def test_title_defaults_to_the_catalog_item(staff_client, ticket):
    page = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    assert f"{ticket.reference} · WC-Spülung defekt" in page


def test_staff_rename_the_case_and_the_queue_shows_it(staff_client, ticket):
    assert _title(staff_client, ticket, "Spülung Bad, Wasserschaden?", ticket.version).status_code == 302
    ticket.refresh_from_db()
    assert ticket.title == "Spülung Bad, Wasserschaden?"
    assert ticket.events.get(kind=TicketEvent.Kind.TITLE).data == {
        "old": "",
        "new": ticket.title,
        "actor_kind": "staff",
    }
    queue = staff_client.get(reverse("backoffice:queue"), {"view": "mine"}).content.decode()
    assert "Spülung Bad, Wasserschaden?" in queue


def test_a_stale_title_edit_is_refused(staff_client, ticket):
    response = _title(staff_client, ticket, "Neuer Titel", ticket.version + 1)
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert ticket.title == ""
    assert not ticket.events.filter(kind=TicketEvent.Kind.TITLE).exists()
