"""The demo company offers Zusatzleistungen: one tenant has a confirmed parking space, another's cellar
room waits for staff; the tenant and staff can open their pages, the catalog reads in German, English and
Dutch, and a second seeding changes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from demo import seed_demo
from estate.models import Tenancy, Unit
from subscriptions.models import Service, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_booked_and_one_waiting_agreement(client):
    seed_demo(tickets=5)
    booked = Subscription.objects.get(state=Subscription.State.ACTIVE)
    waiting = Subscription.objects.get(state=Subscription.State.REQUESTED)
    assert booked.service.code == "stellplatz" and booked.unit.number == "TG01"
    assert waiting.service.code == "kellerraum"

    client.force_login(booked.party.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Stellplatz in der Tiefgarage" in page and "Zusatzvereinbarung (PDF)" in page
    assert "Rauchwarnmelder-Service" in page

    parking = Service.objects.get(code="stellplatz")
    with translation.override("en"):
        assert parking.label == "Parking space in the underground car park"
        assert parking.description == "A parking space of your own with a remote control for the garage door."
    with translation.override("nl"):
        assert parking.description == "Een vaste parkeerplaats met afstandsbediening voor de garagedeur."
    assert all(s.description_en and s.description_nl for s in Service.objects.all())

    seed_demo(tickets=5)
    assert Subscription.objects.count() == 2 and Service.objects.count() == 5
    # The parking spaces and cellar rooms are let as Zusatzleistungen, never as a tenancy of their own.
    assert not Tenancy.objects.filter(unit__kind__in=[Unit.Kind.PARKING, Unit.Kind.STORAGE]).exists()
