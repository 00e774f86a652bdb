import pytest

from processes.models import ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, PartyFactory, StaffFactory, TenancyFactory, resident_user


@pytest.fixture
def templates(db):
    """The standard templates (migration 0002 installs them; a flushed database needs them again), each
    carried by a catalog item of its own."""
    install(ProcessTemplate, StepTemplate)
    for template in ProcessTemplate.objects.all():
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()
    return {t.code: t for t in ProcessTemplate.objects.all()}


@pytest.fixture
def co_tenant(tenant):
    """A second tenant of the same contract, with a portal login."""
    unit = tenant.tenancies.get().unit
    party = TenancyFactory(unit=unit, party=PartyFactory(first_name="Ben", last_name="Mustermann")).party
    resident_user(party)
    return party


@pytest.fixture
def neighbour(other_tenant):
    return other_tenant


@pytest.fixture
def outsider(db):
    """A tenant of another property, with no role in any process."""
    party = TenancyFactory(party=PartyFactory(first_name="Olga", last_name="Außen")).party
    resident_user(party)
    return party


@pytest.fixture
def inspector(db):
    return StaffFactory(first_name="Ingo", last_name="Abnahme", roles=["Sachbearbeitung"])
