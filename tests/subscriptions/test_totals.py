"""What a tenant has booked and what it costs together a month, where the tenant and staff look: the
portal's Zusatzleistungen, Meine Daten and the 360° person view. Only running agreements count: one
waiting for confirmation or one that has ended does not."""

from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse

from subscriptions import booking
from subscriptions.models import Subscription
from tests.factories import StaffFactory
from tickets.actors import Actor

from .conftest import ServiceFactory, later_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(parking, space, garden, tenant):
    """Garden care running (12,50 €), the parking space waiting (35 €), a smoke-detector service ended."""
    book = dict(party=tenant, actor=Actor.for_party(tenant))
    booking.subscription_book(service=garden, starts_on=later_first(0), **book)
    waiting = booking.subscription_book(service=parking, starts_on=later_first(1), unit=space, **book)
    smoke = ServiceFactory(
        name_de="Rauchwarnmelder-Service", monthly_price=Decimal("2.50"), needs_confirmation=False
    )
    ended = booking.subscription_book(service=smoke, starts_on=later_first(0), **book)
    Subscription.objects.filter(pk=ended.pk).update(state=Subscription.State.ENDED, ends_on=F("starts_on"))
    return waiting


def test_the_portal_shows_the_monthly_total_of_running_agreements(client, booked, tenant, case_worker):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "kosten zusammen <strong>12,50 € monatlich</strong>" in page

    booking.subscription_decide(booked, actor=Actor.for_user(case_worker), confirm=True)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "kosten zusammen <strong>47,50 € monatlich</strong>" in page


def test_my_data_lists_what_is_booked_with_the_total(client, booked, tenant, case_worker):
    booking.subscription_decide(booked, actor=Actor.for_user(case_worker), confirm=True)
    client.force_login(tenant.user)
    page = client.get(reverse("portal:my_data")).content.decode()
    section = page.split('id="my-subscriptions">')[1].split("</dd>")[0]
    assert "Gartenpflege" in section and "Stellplatz in der Tiefgarage (Stellplatz P1)" in section
    assert "Rauchwarnmelder" not in section
    assert "zusammen <strong>47,50 € monatlich</strong>" in section


def test_my_data_without_agreements_shows_no_total(client, tenant):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:my_data")).content.decode()
    assert 'id="my-subscriptions"' not in page


def test_the_person_view_shows_the_monthly_total(client, booked, tenant):
    client.force_login(StaffFactory(roles=["Teamleitung"]))
    page = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    section = page.split('id="subscriptions-title"')[1].split("</section>")[0]
    assert "Laufende Zusatzleistungen zusammen: 12,50 € monatlich" in section
