"""A service is offered only where it fits: one that hands over a parking space or a cellar room only at a
property that has such units, even when it is offered "everywhere"; and a booking cannot start after the
tenant's tenancy has ended (German message, 400, nothing stored)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from estate.models import Tenancy, Unit
from processes.models import Process
from subscriptions import booking
from subscriptions.models import Service, Subscription
from tests.factories import PartyFactory, PropertyFactory, TenancyFactory, UnitFactory, resident_user

from .conftest import ServiceFactory, later_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def cellar_everywhere(subscription_templates):
    return ServiceFactory(
        code="kellerraum",
        kind=Service.Kind.STORAGE,
        name_de="Zusätzlicher Kellerraum",
        monthly_price=Decimal("15.00"),
        unit_kind=Unit.Kind.STORAGE,
        all_properties=True,
    )


def test_a_cellar_room_is_offered_only_where_the_property_has_cellar_rooms(
    client, cellar_everywhere, garden, tenant
):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Gartenpflege" in page and "Zusätzlicher Kellerraum" not in page
    assert client.get(reverse("portal:subscription_book", args=["kellerraum"])).status_code == 404

    home = tenant.tenancies.get().unit
    UnitFactory(building=home.building, kind=Unit.Kind.STORAGE, number="K1")
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Zusätzlicher Kellerraum" in page and "<dt>Noch frei</dt><dd>1</dd>" in page

    # Another property without cellar rooms still is not offered it.
    elsewhere = PropertyFactory()
    assert not booking.offered_services(elsewhere).filter(code="kellerraum").exists()


def test_a_booking_cannot_start_after_the_tenancy_ends(client, garden, unit):
    last_day = later_first(1) - dt.timedelta(days=1)
    tenancy = TenancyFactory(unit=unit, party=PartyFactory(), end=last_day)
    resident_user(tenancy.party)
    client.force_login(tenancy.party.user)
    answer = client.post(
        reverse("portal:subscription_book", args=["gartenpflege"]), {"starts_on": later_first(1)}
    )
    assert answer.status_code == 400
    assert (
        f"Ihr Mietverhältnis endet am {date_format(last_day, 'DATE_FORMAT')}; bitte wählen Sie einen "
        "Beginn davor." in answer.content.decode()
    )
    assert not Subscription.objects.exists() and not Process.objects.exists()

    ok = client.post(
        reverse("portal:subscription_book", args=["gartenpflege"]), {"starts_on": later_first(0)}
    )
    assert ok.status_code == 302 and Subscription.objects.get().party == tenancy.party
    assert Tenancy.objects.get(pk=tenancy.pk).end == last_day
