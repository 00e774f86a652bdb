"""Visibility: the one queryset door. Private for the reporter, public for allowed roles of the property."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import (
    BoardMembershipFactory,
    CaretakerAssignmentFactory,
    ContractorFactory,
    OwnershipFactory,
    TenancyFactory,
    TicketFactory,
    UnitFactory,
    resident_user,
)
from tickets.models import Ticket, Visibility
from tickets.querysets import can_see_reporter
from tickets.status import Status

pytestmark = pytest.mark.django_db


def visible(user, ticket) -> bool:
    return Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def test_private_ticket_is_seen_by_its_reporter_and_staff_only(tenant, other_tenant, case_worker, unit):
    ticket = TicketFactory(reporter=tenant, property=unit.building.property, unit=unit)
    assert visible(tenant.user, ticket)
    assert visible(case_worker, ticket)
    assert not visible(other_tenant.user, ticket)


def test_public_ticket_is_seen_by_tenants_of_the_same_property(tenant, other_tenant, unit):
    ticket = TicketFactory(reporter=tenant, property=unit.building.property, visibility=Visibility.PUBLIC)
    assert visible(other_tenant.user, ticket)


def test_public_ticket_is_not_seen_by_a_tenant_of_another_property(tenant, unit):
    ticket = TicketFactory(reporter=tenant, property=unit.building.property, visibility=Visibility.PUBLIC)
    stranger = TenancyFactory(unit=UnitFactory()).party
    assert not visible(resident_user(stranger), ticket)


def test_public_ticket_respects_the_roles_it_allows(tenant, unit):
    prop = unit.building.property
    ticket = TicketFactory(
        reporter=tenant,
        property=prop,
        visibility=Visibility.PUBLIC,
        show_to_tenants=False,
        show_to_owners=True,
    )
    neighbour = TenancyFactory(unit=UnitFactory(building=unit.building)).party
    owner = OwnershipFactory(unit=UnitFactory(building=unit.building)).party
    board = BoardMembershipFactory(property=prop).party
    assert not visible(resident_user(neighbour), ticket)
    assert visible(resident_user(owner), ticket)
    assert visible(resident_user(board), ticket)


def test_former_tenant_no_longer_sees_public_tickets(tenant, unit):
    ticket = TicketFactory(reporter=tenant, property=unit.building.property, visibility=Visibility.PUBLIC)
    import datetime as dt

    former = TenancyFactory(unit=UnitFactory(building=unit.building), end=dt.date(2021, 1, 1)).party
    assert not visible(resident_user(former), ticket)


def test_caretaker_sees_work_released_to_them_but_not_private_tickets(tenant, unit):
    prop = unit.building.property
    caretaker = CaretakerAssignmentFactory(property=prop).party
    user = resident_user(caretaker)
    private = TicketFactory(reporter=tenant, property=prop)
    released = TicketFactory(reporter=tenant, property=prop, status=Status.RELEASED, caretaker=caretaker)
    assert not visible(user, private)
    assert visible(user, released)


def test_anonymous_visitor_sees_nothing(tenant):
    TicketFactory(reporter=tenant, visibility=Visibility.PUBLIC)
    assert not Ticket.objects.visible_to(AnonymousUser()).exists()


def test_inactive_user_sees_nothing(tenant):
    TicketFactory(reporter=tenant)
    tenant.user.is_active = False
    tenant.user.save()
    assert not Ticket.objects.visible_to(tenant.user).exists()


def test_contractor_sees_only_jobs_released_to_them():
    contractor = ContractorFactory()
    mine = TicketFactory(contractor=contractor, status=Status.RELEASED)
    proposed = TicketFactory(contractor=contractor, status=Status.OPEN)
    TicketFactory(contractor=ContractorFactory(), status=Status.RELEASED)
    assert list(Ticket.objects.for_contractor(contractor)) == [mine]
    assert proposed not in Ticket.objects.for_contractor(contractor)


def test_anonymous_ticket_hides_the_reporter_from_neighbours_not_from_staff(
    tenant, other_tenant, case_worker, unit
):
    ticket = TicketFactory(
        reporter=tenant, property=unit.building.property, visibility=Visibility.PUBLIC, is_anonymous=True
    )
    assert visible(other_tenant.user, ticket)
    assert not can_see_reporter(ticket, other_tenant.user)
    assert can_see_reporter(ticket, case_worker)
    assert can_see_reporter(ticket, tenant.user)


def test_visibility_is_one_query(tenant, django_assert_num_queries):
    TicketFactory.create_batch(3, reporter=tenant)
    with django_assert_num_queries(1):
        assert len(list(Ticket.objects.visible_to(tenant.user))) == 3
