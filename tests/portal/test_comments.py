"""Residents and caretakers who may see a public ticket comment on it; nobody else can, and nothing is
stored then; a comment staff hide disappears for residents."""

import pytest
from django.urls import reverse

from tests.factories import CaretakerAssignmentFactory, PartyFactory, TicketFactory, resident_user
from tickets.models import Message, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_ticket(tenant, unit):
    return TicketFactory(
        reporter=tenant, property=unit.building.property, visibility="public", description="Keller dunkel"
    )


def comment(client, ticket, body="Im 2. OG auch."):
    return client.post(reverse("portal:ticket_comment", args=[ticket.reference]), {"body": body})


def test_a_neighbour_comments_and_everyone_who_may_see_reads_it(client, public_ticket, other_tenant):
    client.force_login(other_tenant.user)
    page = client.get(reverse("portal:ticket", args=[public_ticket.reference]))
    assert page.status_code == 200
    assert "Kommentar schreiben" in page.content.decode()
    assert comment(client, public_ticket).status_code == 302
    message = Message.objects.get(ticket=public_ticket)
    assert (message.kind, message.author_party) == (Message.Kind.RESIDENT, other_tenant)
    client.force_login(public_ticket.reporter.user)
    assert (
        "Im 2. OG auch."
        in client.get(reverse("portal:ticket", args=[public_ticket.reference])).content.decode()
    )


def test_the_caretaker_of_the_property_may_comment(client, public_ticket):
    caretaker = PartyFactory()
    resident_user(caretaker)
    CaretakerAssignmentFactory(party=caretaker, property=public_ticket.property)
    client.force_login(caretaker.user)
    assert comment(client, public_ticket, "Lampe ist bestellt.").status_code == 302
    assert Message.objects.filter(ticket=public_ticket, author_party=caretaker).exists()


def test_a_comment_on_a_private_ticket_is_404_and_stores_nothing(client, tenant, other_tenant):
    private = TicketFactory(reporter=tenant, visibility="private")
    client.force_login(tenant.user)  # even its own reporter: a private ticket has no comments
    assert comment(client, private).status_code == 404
    client.force_login(other_tenant.user)
    assert comment(client, private).status_code == 404
    assert not Message.objects.exists()


def test_someone_who_cannot_see_the_ticket_gets_404(client, public_ticket):
    stranger = PartyFactory()  # lives elsewhere
    resident_user(stranger)
    client.force_login(stranger.user)
    assert comment(client, public_ticket).status_code == 404
    assert not Message.objects.exists()


def test_a_hidden_comment_disappears_for_residents(client, public_ticket, other_tenant, case_worker):
    client.force_login(other_tenant.user)
    comment(client, public_ticket, "Unpassender Kommentar")
    message = Message.objects.get()
    client.force_login(case_worker)
    staff_page = client.get(reverse("backoffice:ticket", args=[public_ticket.reference]))
    assert "Unpassender Kommentar" in staff_page.content.decode()
    response = client.post(
        reverse("backoffice:comment_hide", args=[public_ticket.reference, message.pk]), {"anlass": "Werbung"}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.hidden
    row = TicketEvent.objects.get(ticket=public_ticket, kind=TicketEvent.Kind.COMMENT_HIDDEN)
    assert (row.actor, row.data["reason"], row.is_public) == (case_worker, "Werbung", False)
    client.force_login(public_ticket.reporter.user)
    page = client.get(reverse("portal:ticket", args=[public_ticket.reference]))
    assert page.status_code == 200
    assert "Keller dunkel" in page.content.decode()
    assert "Unpassender Kommentar" not in page.content.decode()
