"""Which tickets the list pages show, now that they read ids first for speed."""

import pytest
from django.urls import reverse

from tests.factories import (
    AffectedPartyFactory,
    BoardMembershipFactory,
    PropertyFactory,
    TicketFactory,
)
from tickets.models import Visibility

pytestmark = pytest.mark.django_db


def test_my_tickets_lists_reported_and_affecting_ones_but_not_a_neighbours_private_one(
    tenant_client, tenant, other_tenant, unit
):
    mine = TicketFactory(reporter=tenant, property=unit.building.property)
    joined = TicketFactory(
        reporter=other_tenant, property=unit.building.property, visibility=Visibility.PUBLIC
    )
    AffectedPartyFactory(ticket=joined, party=tenant)
    private = TicketFactory(reporter=other_tenant, property=unit.building.property)
    page = tenant_client.get(reverse("portal:my_tickets")).content.decode()
    assert mine.reference in page and joined.reference in page
    assert private.reference not in page


def test_a_joined_ticket_made_private_again_drops_out_of_my_tickets(
    tenant_client, tenant, other_tenant, unit
):
    ticket = TicketFactory(
        reporter=other_tenant, property=unit.building.property, visibility=Visibility.PUBLIC
    )
    AffectedPartyFactory(ticket=ticket, party=tenant)
    mine = TicketFactory(reporter=tenant, property=unit.building.property)
    ticket.visibility = Visibility.PRIVATE
    ticket.save(update_fields=["visibility"])
    response = tenant_client.get(reverse("portal:my_tickets"))
    assert response.status_code == 200
    page = response.content.decode()
    assert mine.reference in page
    assert ticket.reference not in page


def test_building_tickets_cover_every_property_of_every_role(tenant_client, tenant, unit):
    board_property = PropertyFactory()
    BoardMembershipFactory(party=tenant, property=board_property)
    here = TicketFactory(property=unit.building.property, visibility=Visibility.PUBLIC)
    board = TicketFactory(property=board_property, visibility=Visibility.PUBLIC, show_to_board=True)
    elsewhere = TicketFactory(visibility=Visibility.PUBLIC)
    page = tenant_client.get(reverse("portal:building_tickets")).content.decode()
    assert here.reference in page and board.reference in page
    assert elsewhere.reference not in page
