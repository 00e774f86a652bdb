"""The resident rule `visible_to` uses is compiled once a day per process; it lets through the rows the rule
built from querysets lets through, for every role, on its own and inside another query."""

import itertools

import pytest

from tests.factories import (
    BoardMembershipFactory,
    CaretakerAssignmentFactory,
    MessageFactory,
    OwnershipFactory,
    PartyFactory,
    TicketFactory,
    UnitFactory,
    resident_user,
)
from tickets.models import Message, Ticket, Visibility
from tickets.querysets import TicketQuerySet
from tickets.status import Status

pytestmark = pytest.mark.django_db

ROLES = ("show_to_tenants", "show_to_owners", "show_to_board", "show_to_caretakers")


@pytest.fixture
def residents(tenant, unit):
    prop = unit.building.property
    return {
        "tenant": tenant,
        "owner": OwnershipFactory(unit=UnitFactory(building=unit.building)).party,
        "board": BoardMembershipFactory(property=prop).party,
        "caretaker": CaretakerAssignmentFactory(property=prop).party,
    }


@pytest.fixture
def tickets(residents, other_tenant, unit):
    prop, caretaker = unit.building.property, residents["caretaker"]
    made = [
        TicketFactory(reporter=residents["tenant"], property=prop),
        TicketFactory(reporter=other_tenant, property=prop),
        TicketFactory(reporter=other_tenant, property=prop, caretaker=caretaker),
        TicketFactory(reporter=other_tenant, property=prop, caretaker=caretaker, status=Status.RELEASED),
        TicketFactory(reporter=other_tenant, visibility=Visibility.PUBLIC),  # another property
    ]
    # Public ones for every combination of the roles they are shown to.
    for shown in itertools.product((True, False), repeat=len(ROLES)):
        made.append(
            TicketFactory(
                reporter=other_tenant,
                property=prop,
                visibility=Visibility.PUBLIC,
                **dict(zip(ROLES, shown, strict=True)),
            )
        )
    return made


def _built(party) -> set[int]:
    return set(Ticket.objects.filter(TicketQuerySet._resident_filter(party.pk)).values_list("pk", flat=True))


def test_compiled_rule_lets_through_what_the_built_one_does_for_each_role(residents, tickets):
    for role, party in residents.items():
        user = resident_user(party) if party.user is None else party.user
        seen = set(Ticket.objects.visible_to(user).values_list("pk", flat=True))
        assert seen == _built(party), role
        assert seen, role
    seen_by = {
        role: set(Ticket.objects.visible_to(p.user).values_list("pk", flat=True))
        for role, p in residents.items()
    }
    # Each role sees the public ones shown to it, and the caretaker the released job, not the proposed one.
    assert tickets[3].pk in seen_by["caretaker"] and tickets[2].pk not in seen_by["caretaker"]
    assert tickets[0].pk in seen_by["tenant"] and tickets[0].pk not in seen_by["owner"]
    assert tickets[1].pk not in set().union(*seen_by.values())
    assert tickets[4].pk not in set().union(*seen_by.values())


def test_compiled_rule_holds_inside_another_ticket_query(residents, tickets):
    party = residents["owner"]
    user = resident_user(party)
    expected = _built(party)
    # The same table outside and inside: the inner one is renamed, and the rule with it.
    inside = Ticket.objects.filter(pk__in=Ticket.objects.visible_to(user).values("pk"))
    assert set(inside.values_list("pk", flat=True)) == expected
    outside = Ticket.objects.exclude(pk__in=Ticket.objects.visible_to(user).values("pk"))
    assert set(outside.values_list("pk", flat=True)) == {t.pk for t in tickets} - expected
    messages = [MessageFactory(ticket=t, kind=Message.Kind.PUBLIC) for t in tickets]
    found = Message.objects.filter(ticket__status=Status.OPEN, ticket__in=Ticket.objects.visible_to(user))
    assert set(found) == {m for m in messages if m.ticket_id in expected and m.ticket.status == Status.OPEN}


def test_a_role_that_begins_counts_at_once(unit, tickets):
    newcomer = PartyFactory()
    user = resident_user(newcomer)
    public = set(Ticket.objects.visible_to(user))
    assert not public
    OwnershipFactory(party=newcomer, unit=UnitFactory(building=unit.building))
    assert set(Ticket.objects.visible_to(user).values_list("pk", flat=True)) == _built(newcomer) != set()


def test_residents_visibility_is_one_query(tenant, tickets, django_assert_num_queries):
    user = type(tenant.user).objects.select_related("party").get(pk=tenant.user.pk)
    with django_assert_num_queries(1):
        list(Ticket.objects.visible_to(user))
