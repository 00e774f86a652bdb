"""A ticket reported through the real path, with a case worker responsible for it."""

import pytest

from tests.factories import CatalogItemFactory, ResponsibilityFactory
from tickets.actors import Actor
from tickets.services import ticket_create


@pytest.fixture
def item(case_worker):
    item = CatalogItemFactory(name_de="WC-Spülung defekt", name_en="Toilet flush broken")
    ResponsibilityFactory(item=item, user=case_worker)
    return item


@pytest.fixture
def report(tenant, unit, item):
    """Report a ticket as `tenant` (keyword arguments override the defaults)."""

    def make(**kwargs):
        defaults = dict(
            actor=Actor.for_party(tenant),
            item=item,
            prop=unit.building.property,
            unit=unit,
            reporter=tenant,
            description="Die Spülung läuft ständig nach.",
        )
        return ticket_create(**{**defaults, **kwargs})

    return make
