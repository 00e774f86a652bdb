"""The last free parking space, booked by two tenants at the same moment: one gets it, the other a clear
message, and the database never holds two agreements on one space."""

import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection

from subscriptions import booking
from subscriptions.booking import UnitTaken
from subscriptions.models import Subscription
from tests.factories import PartyFactory, TenancyFactory, UnitFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_tenants_racing_for_the_last_space_one_gets_it(parking, space, tenant, next_first):
    rival = TenancyFactory(unit=UnitFactory(building=space.building), party=PartyFactory()).party
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def book(party):
        try:
            start.wait(timeout=10)
            booking.subscription_book(
                party=party,
                service=parking,
                starts_on=next_first,
                unit=space.pk,
                actor=Actor.for_party(party),
            )
            outcomes[party.pk] = "booked"
        except UnitTaken as refused:
            outcomes[party.pk] = str(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in (tenant, rival)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert sorted(outcomes.values(), key=len) == [
        "booked",
        "Dieser Platz ist leider gerade vergeben worden. Bitte wählen Sie einen anderen oder fragen Sie uns "
        "nach einer Warteliste.",
    ]
    assert Subscription.objects.filter(unit=space).count() == 1
    assert booking.free_units(parking, space.building.property).count() == 0


def test_the_database_refuses_a_second_holder_of_one_space(
    parking, space, garden, tenant, other_tenant, next_first
):
    booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    other = booking.subscription_book(
        party=other_tenant, service=garden, starts_on=next_first, actor=Actor.for_party(other_tenant)
    )
    with pytest.raises(IntegrityError):
        Subscription.objects.filter(pk=other.pk).update(unit=space)
