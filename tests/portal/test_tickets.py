import pytest
from django.urls import reverse

from tests.factories import (
    AffectedPartyFactory,
    AttachmentFactory,
    MessageFactory,
    PartyFactory,
    TicketEventFactory,
    TicketFactory,
    resident_user,
)
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


def test_my_tickets_query_count_is_the_same_for_1_and_50(
    tenant_client, tenant, django_assert_num_queries, django_assert_max_num_queries
):
    TicketFactory(reporter=tenant)
    # Session, user with party, the tickets affecting the tenant, the count, the menu's caretaker check, the
    # page's rows.
    with django_assert_max_num_queries(6) as one:
        tenant_client.get(reverse("portal:my_tickets"))
    for _ in range(49):
        TicketFactory(reporter=tenant)
    with django_assert_num_queries(len(one.captured_queries)):
        page = tenant_client.get(reverse("portal:my_tickets"))
    assert page.content.decode().count('class="p-card p-ticket"') == 25


def test_building_tickets_query_count_is_the_same_for_1_and_50(
    tenant_client, unit, other_tenant, django_assert_num_queries, django_assert_max_num_queries
):
    prop = unit.building.property
    TicketFactory(property=prop, visibility="public", reporter=other_tenant)
    # Session, user with party, the places' roles (which also tell the menu whether a caretaker reads it), the
    # list's ids and the page's rows.
    with django_assert_max_num_queries(5) as one:
        tenant_client.get(reverse("portal:building_tickets"))
    for _ in range(49):
        TicketFactory(property=prop, visibility="public", reporter=other_tenant)
    with django_assert_num_queries(len(one.captured_queries)):
        tenant_client.get(reverse("portal:building_tickets"))


def test_other_tenants_private_ticket_is_404_on_page_and_file(tenant_client, other_tenant, media):
    ticket = TicketFactory(reporter=other_tenant)
    file = AttachmentFactory(ticket=ticket)
    assert tenant_client.get(reverse("portal:ticket", args=[ticket.reference])).status_code == 404
    assert tenant_client.get(reverse("portal:attachment", args=[file.pk])).status_code == 404
    assert tenant_client.get(reverse("portal:attachment_thumb", args=[file.pk])).status_code == 404
    assert (
        tenant_client.post(reverse("portal:ticket_reply", args=[ticket.reference]), {"body": "x"}).status_code
        == 404
    )
    assert tenant_client.post(reverse("portal:ticket_affected", args=[ticket.reference])).status_code == 404


def test_public_ticket_of_another_property_is_404(tenant_client):
    ticket = TicketFactory(visibility="public")
    assert tenant_client.get(reverse("portal:ticket", args=[ticket.reference])).status_code == 404


def test_reporter_downloads_own_photo(tenant_client, tenant, media):
    file = AttachmentFactory(ticket=TicketFactory(reporter=tenant))
    response = tenant_client.get(reverse("portal:attachment", args=[file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff"


def test_internal_files_and_notes_stay_hidden(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    hidden = AttachmentFactory(ticket=ticket, is_public=False)
    note = MessageFactory(ticket=ticket, kind=Message.Kind.INTERNAL, body="Mieter ist schwierig")
    TicketEventFactory(ticket=ticket, kind="message", is_public=False, data={"message_id": note.pk})
    reply = MessageFactory(ticket=ticket, kind=Message.Kind.PUBLIC, body="Der Klempner kommt am Montag.")
    TicketEventFactory(ticket=ticket, kind="message", is_public=True, data={"message_id": reply.pk})
    page = tenant_client.get(reverse("portal:ticket", args=[ticket.reference])).content.decode()
    assert "Der Klempner kommt am Montag." in page
    assert "schwierig" not in page
    assert tenant_client.get(reverse("portal:attachment", args=[hidden.pk])).status_code == 404


def test_ticket_page_query_count_does_not_grow_with_the_timeline(
    tenant_client, tenant, media, django_assert_num_queries, django_assert_max_num_queries
):
    ticket = TicketFactory(reporter=tenant)
    url = reverse("portal:ticket", args=[ticket.reference])

    def add_reply(n):
        message = MessageFactory(ticket=ticket, kind=Message.Kind.PUBLIC, body=f"Antwort {n}")
        TicketEventFactory(ticket=ticket, kind="message", is_public=True, data={"message_id": message.pk})
        AttachmentFactory(ticket=ticket, message=message)

    add_reply(0)
    # Session, user with party, the ticket (it is the tenant's own: no visibility check, no process), its
    # public files, its timeline, the messages, the menu's caretaker check.
    with django_assert_max_num_queries(7) as one:
        tenant_client.get(url)
    for n in range(1, 50):
        add_reply(n)
    with django_assert_num_queries(len(one.captured_queries)):
        tenant_client.get(url)


def test_reply_with_photo_lands_in_the_public_timeline(tenant_client, tenant, media):
    from .images import photo

    ticket = TicketFactory(reporter=tenant)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]),
        {"body": "Es tropft jetzt auch.", "photos": [photo()]},
    )
    assert response.status_code == 302
    message = Message.objects.get(ticket=ticket)
    assert message.kind == Message.Kind.TENANT
    assert message.attachments.count() == 1
    page = tenant_client.get(reverse("portal:ticket", args=[ticket.reference])).content.decode()
    assert "Es tropft jetzt auch." in page


def test_tracking_can_be_switched_off_and_on(tenant_client, tenant):
    ticket = TicketFactory(reporter=tenant)
    url = reverse("portal:ticket_tracking", args=[ticket.reference])
    tenant_client.post(url, {"tracking": "off"})
    assert Ticket.objects.get(pk=ticket.pk).tracking_enabled is False
    tenant_client.post(url, {"tracking": "on"})
    assert Ticket.objects.get(pk=ticket.pk).tracking_enabled is True


def test_neighbour_joins_a_public_ticket_and_follows_it(client, tenant, other_tenant, unit):
    ticket = TicketFactory(property=unit.building.property, visibility="public", reporter=tenant)
    client.force_login(other_tenant.user)
    page = client.get(reverse("portal:building_tickets")).content.decode()
    assert "Betrifft mich auch" in page
    client.post(reverse("portal:ticket_affected", args=[ticket.reference]))
    assert ticket.reference in client.get(reverse("portal:my_tickets")).content.decode()


def test_anonymous_public_ticket_hides_the_reporter(client, tenant, other_tenant, unit):
    ticket = TicketFactory(
        property=unit.building.property, visibility="public", is_anonymous=True, reporter=tenant
    )
    client.force_login(other_tenant.user)
    response = client.get(reverse("portal:ticket", args=[ticket.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.reference in page and ticket.description in page
    assert "Mustermann" not in page


def test_home_lists_every_role_and_open_tickets(tenant_client, tenant, unit):
    from tests.factories import BoardMembershipFactory, OwnershipFactory

    OwnershipFactory(party=tenant)
    BoardMembershipFactory(party=tenant, property=unit.building.property)
    TicketFactory(reporter=tenant, description="x")
    page = tenant_client.get(reverse("portal:home")).content.decode()
    for word in ("Mieter/in", "Eigentümer/in", "Beirat", "Schaden oder Anliegen melden", "WC-Spülung defekt"):
        assert word in page


def test_staff_without_party_has_no_portal(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("portal:home")).status_code == 404


def test_follower_without_login_sees_nothing(client):
    party = PartyFactory()
    resident_user(party)
    ticket = TicketFactory()
    AffectedPartyFactory(ticket=ticket, party=PartyFactory())
    client.force_login(party.user)
    assert client.get(reverse("portal:ticket", args=[ticket.reference])).status_code == 404
