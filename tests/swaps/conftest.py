import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from processes.models import ProcessTemplate, StepTemplate
from processes.standard import install as install_standard
from swaps import services
from swaps.standard import install
from tests.factories import (
    BuildingFactory,
    CatalogItemFactory,
    PartyFactory,
    TenancyFactory,
    UnitFactory,
    resident_user,
)
from tickets.actors import Actor

TWO_YEARS_AGO = dt.date(2020, 1, 1)


@pytest.fixture
def swap_templates(db):
    """The swap template (migration swaps 0002 installs it; a flushed database needs it again) and the
    standard ones the follow-ups start (the Kündigung)."""
    install(apps)
    install_standard(ProcessTemplate, StepTemplate)
    for template in ProcessTemplate.objects.filter(catalog_item__isnull=True):
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()


@pytest.fixture
def applicant(db):
    """Anna, tenant since 2020 of a 3-room flat (72 m²), contract W-100-1."""
    unit = UnitFactory(
        rooms=Decimal("3"),
        area=Decimal("72.00"),
        building=BuildingFactory(street="Lindenweg", house_number="4"),
    )
    party = PartyFactory(first_name="Anna", last_name="Albrecht", email="anna@example.org")
    TenancyFactory(party=party, unit=unit, start=TWO_YEARS_AGO, contract_number="W-100-1")
    resident_user(party)
    return party


@pytest.fixture
def partner(db):
    """Bernd, tenant since 2020 of a 2-room flat (55 m²) in another building, contract W-200-7."""
    unit = UnitFactory(
        rooms=Decimal("2"),
        area=Decimal("55.00"),
        building=BuildingFactory(street="Birkenallee", house_number="9"),
    )
    party = PartyFactory(first_name="Bernd", last_name="Brandt", email="bernd@example.org")
    TenancyFactory(party=party, unit=unit, start=TWO_YEARS_AGO, contract_number="W-200-7")
    resident_user(party)
    return party


def wished() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=60)


@pytest.fixture
def swap(swap_templates, applicant, partner):
    """Anna (2 persons, moving into Bernd's 2 rooms) and Bernd (3 persons, into Anna's 3 rooms) applied;
    Bernd has not yet confirmed."""
    tenancy = services.partner_tenancy(contract_number="W-200-7", last_name="Brandt", applicant=applicant)
    return services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=2,
        wished_date=wished(),
        partner=tenancy,
    )


@pytest.fixture
def confirmed(swap, partner):
    """Bernd confirmed with a household of 3: the pre-checks have run."""
    services.partner_answer(swap, party=partner, agreed=True, household=3)
    swap.refresh_from_db()
    return swap
