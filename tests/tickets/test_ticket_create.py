"""ticket_create: the one way a ticket comes into being; numbered, routed, due, with its timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from catalogs.models import Priority
from tests.factories import (
    CatalogItemFactory,
    PropertyFeatureFactory,
    ResponsibilityFactory,
    StaffFactory,
    UnitFactory,
    WorkflowRuleFactory,
)
from tickets.actors import Actor
from tickets.errors import InvalidTicket
from tickets.models import Channel, TicketEvent, Visibility
from tickets.services import ticket_add_affected, ticket_create
from tickets.status import Status

pytestmark = pytest.mark.django_db
TUESDAY_3AM = dt.datetime(2026, 11, 24, 3, tzinfo=ZoneInfo("Europe/Berlin"))


def report(tenant, unit, item, **kwargs):
    defaults = dict(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Die Spülung läuft ständig nach.",
        now=TUESDAY_3AM,
    )
    return ticket_create(**{**defaults, **kwargs})


def test_ticket_is_numbered_routed_and_due(tenant, unit):
    worker = StaffFactory()
    item = CatalogItemFactory(default_priority=Priority.NORMAL)
    rule = ResponsibilityFactory(item=item, user=worker)
    ticket = report(tenant, unit, item)
    assert ticket.reference == "2026-000001"
    assert ticket.assignee == worker
    assert ticket.team == rule.team
    assert ticket.status == Status.OPEN
    assert ticket.category == item.group.category
    # Normal: respond within 16 and resolve within 80 working hours (ten 8-hour days) from 08:00.
    assert ticket.respond_by == dt.datetime(2026, 11, 25, 16, tzinfo=ZoneInfo("Europe/Berlin"))
    assert ticket.due_at == dt.datetime(2026, 12, 7, 16, tzinfo=ZoneInfo("Europe/Berlin"))
    created = ticket.events.get()
    assert created.kind == TicketEvent.Kind.CREATED
    assert created.is_public
    assert created.data["channel"] == Channel.PORTAL


def test_emergency_is_due_on_the_clock(tenant, unit):
    ticket = report(tenant, unit, CatalogItemFactory(default_priority=Priority.EMERGENCY))
    assert ticket.due_at == TUESDAY_3AM + dt.timedelta(hours=24)


def test_auto_release_rule_releases_to_the_contractor(tenant, unit):
    item = CatalogItemFactory()
    rule = WorkflowRuleFactory(item=item, auto_release=True)
    ticket = report(tenant, unit, item)
    assert ticket.status == Status.RELEASED
    assert ticket.contractor == rule.contractor
    assert list(ticket.events.values_list("kind", flat=True)) == ["created", "status"]


def test_manual_rule_only_proposes_the_contractor(tenant, unit):
    item = CatalogItemFactory()
    rule = WorkflowRuleFactory(item=item, auto_release=False)
    ticket = report(tenant, unit, item)
    assert ticket.status == Status.OPEN
    assert ticket.contractor == rule.contractor


def test_unit_of_another_property_is_refused(tenant):
    with pytest.raises(InvalidTicket):
        report(tenant, UnitFactory(), CatalogItemFactory(), prop=UnitFactory().building.property)


def test_item_needing_a_lift_is_refused_where_there_is_none(tenant, unit):
    item = CatalogItemFactory()
    item.required_features.add(PropertyFeatureFactory(code="aufzug"))
    with pytest.raises(InvalidTicket):
        report(tenant, unit, item)


def test_public_only_where_the_item_allows_it(tenant, unit):
    with pytest.raises(InvalidTicket):
        report(tenant, unit, CatalogItemFactory(allows_public=False), visibility=Visibility.PUBLIC)


def test_anonymous_only_for_public_tickets(tenant, unit):
    ticket = report(tenant, unit, CatalogItemFactory(), is_anonymous=True)
    assert not ticket.is_anonymous


def test_complainant_without_master_data_is_recorded(unit):
    ticket = ticket_create(
        actor=Actor.for_user(StaffFactory()),
        item=CatalogItemFactory(),
        prop=unit.building.property,
        reporter_name="Frau Nachbarin",
        reporter_phone="0170 000000",
        description="Lärm aus dem Hinterhof",
        channel=Channel.PHONE,
    )
    assert ticket.reporter is None
    assert ticket.reporter_display == "Frau Nachbarin"


def test_empty_description_is_refused_and_nothing_is_stored(tenant, unit):
    from tickets.models import Ticket, TicketReferenceCounter

    with pytest.raises(InvalidTicket):
        report(tenant, unit, CatalogItemFactory(), description="   ")
    assert not Ticket.objects.exists()
    assert not TicketReferenceCounter.objects.exists()


def test_affects_me_too_is_recorded_once(tenant, other_tenant, unit):
    ticket = report(tenant, unit, CatalogItemFactory(), visibility=Visibility.PUBLIC)
    ticket_add_affected(ticket=ticket, party=other_tenant)
    ticket_add_affected(ticket=ticket, party=other_tenant)
    assert ticket.affected.count() == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.AFFECTED).count() == 1


def test_affects_me_too_is_refused_on_a_private_ticket(tenant, other_tenant, unit):
    ticket = report(tenant, unit, CatalogItemFactory())
    with pytest.raises(InvalidTicket):
        ticket_add_affected(ticket=ticket, party=other_tenant)
