"""Zusatzleistungen: the process templates, a small catalog, and the dates the tests book and cancel on."""

import datetime as dt
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from django.utils import timezone

from estate.models import Unit
from subscriptions.dates import add_months, first_start
from subscriptions.models import Service
from subscriptions.standard import install
from tests.factories import UnitFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"leistung-{n}")
    name_de = factory.Sequence(lambda n: f"Leistung {n}")
    monthly_price = Decimal("10.00")


@pytest.fixture
def subscription_templates(db):
    """The templates (migration subscriptions 0002 installs them; a flushed database needs them again)."""
    install(apps)


@pytest.fixture
def parking(subscription_templates, unit):
    """A parking space service in the tenant's property with one free space (P1): 35 € a month, VAT-free,
    12 months minimum, 3 months' notice, confirmed by staff."""
    UnitFactory(building=unit.building, kind=Unit.Kind.PARKING, number="P1", floor="Tiefgarage")
    return ServiceFactory(
        code="stellplatz",
        kind=Service.Kind.PARKING,
        name_de="Stellplatz in der Tiefgarage",
        name_en="Parking space in the underground car park",
        description_de="Ein fester Stellplatz mit Fernbedienung für das Tor.",
        monthly_price=Decimal("35.00"),
        unit_kind=Unit.Kind.PARKING,
        minimum_term_months=12,
        notice_months=3,
    )


@pytest.fixture
def space(parking) -> Unit:
    """The one free parking space, P1."""
    return Unit.objects.get(kind=Unit.Kind.PARKING, number="P1")


@pytest.fixture
def garden(subscription_templates):
    """Garden care everywhere: 12,50 € with 19 % VAT, one month's notice, no confirmation needed."""
    return ServiceFactory(
        code="gartenpflege",
        kind=Service.Kind.GARDEN,
        name_de="Gartenpflege",
        monthly_price=Decimal("12.50"),
        vat_rate=Decimal("19.0"),
        notice_months=1,
        needs_confirmation=False,
    )


@pytest.fixture
def next_first() -> dt.date:
    return first_start(today=timezone.localdate(), monthly=True)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def later_first(months: int) -> dt.date:
    return add_months(first_start(today=timezone.localdate(), monthly=True), months)
