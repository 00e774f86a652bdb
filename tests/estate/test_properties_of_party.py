"""A party's properties (where they rent, own, sit on the board or look after the building) and a property's
residents: one rule each way, with "current" meaning begun and not yet ended, the end day included."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from estate.models import Party, Property
from tests.factories import (
    BoardMembershipFactory,
    CaretakerAssignmentFactory,
    OwnershipFactory,
    PartyFactory,
    PropertyFactory,
    TenancyFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def unit_at(prop: Property):
    return UnitFactory(building__property=prop)


@pytest.fixture
def party():
    return PartyFactory()


def test_every_role_brings_its_property(party):
    rented, owned, board, cared = PropertyFactory.create_batch(4)
    TenancyFactory(party=party, unit=unit_at(rented))
    OwnershipFactory(party=party, unit=unit_at(owned))
    BoardMembershipFactory(party=party, property=board)
    CaretakerAssignmentFactory(party=party, property=cared)
    PropertyFactory()  # nobody's
    TenancyFactory(unit=unit_at(PropertyFactory()))  # someone else's

    assert set(Property.objects.of_party(party)) == {rented, owned, board, cared}


def test_a_property_held_in_two_roles_comes_once(party):
    prop = PropertyFactory()
    TenancyFactory(party=party, unit=unit_at(prop))
    BoardMembershipFactory(party=party, property=prop)
    assert list(Property.objects.of_party(party)) == [prop]


def test_only_roles_current_today_count_and_the_end_day_does(party):
    ends_today, ended_yesterday, starts_tomorrow = PropertyFactory.create_batch(3)
    TenancyFactory(party=party, unit=unit_at(ends_today), end=TODAY)
    TenancyFactory(party=party, unit=unit_at(ended_yesterday), end=TODAY - DAY)
    BoardMembershipFactory(party=party, property=starts_tomorrow, start=TODAY + DAY)

    assert list(Property.objects.of_party(party)) == [ends_today]
    assert set(Property.objects.of_party(party, on=TODAY + DAY)) == {starts_tomorrow}
    assert set(Property.objects.of_party(party, on=TODAY - DAY)) == {ends_today, ended_yesterday}


def test_properties_of_a_party_are_one_query(party):
    for _ in range(3):
        TenancyFactory(party=party)
        CaretakerAssignmentFactory(party=party)
    with CaptureQueriesContext(connection) as queries:
        assert len(list(Property.objects.of_party(party))) == 6
    assert len(queries) == 1


def test_residents_are_the_other_side_of_the_same_rule():
    prop = PropertyFactory()
    tenant = TenancyFactory(unit=unit_at(prop)).party
    owner = OwnershipFactory(unit=unit_at(prop)).party
    board = BoardMembershipFactory(property=prop).party
    caretaker = CaretakerAssignmentFactory(property=prop, party=tenant).party  # also the tenant: once
    TenancyFactory(unit=unit_at(prop), end=TODAY - DAY)  # moved out
    TenancyFactory()  # lives elsewhere

    residents = list(Party.objects.residents_of(prop.pk))

    assert sorted(p.pk for p in residents) == sorted({tenant.pk, owner.pk, board.pk, caretaker.pk})
    for party in residents:
        assert prop in Property.objects.of_party(party)
