"""Standing actors every test can ask for: a tenant, another tenant in the same building, a case worker."""

import pytest

from tests.factories import PartyFactory, StaffFactory, TenancyFactory, UnitFactory, resident_user


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def tenant(unit):
    """A tenant with a portal login, living in `unit`."""
    tenancy = TenancyFactory(unit=unit, party=PartyFactory(first_name="Erika", last_name="Mustermann"))
    resident_user(tenancy.party)
    return tenancy.party


@pytest.fixture
def other_tenant(unit):
    """Another tenant of the same building."""
    other_unit = UnitFactory(building=unit.building)
    tenancy = TenancyFactory(unit=other_unit, party=PartyFactory(first_name="Max", last_name="Meier"))
    resident_user(tenancy.party)
    return tenancy.party


@pytest.fixture
def case_worker(db):
    """A member of the "Sachbearbeitung" role: sees closed cases, approves data changes."""
    return StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
