"""Bescheinigungen: the review template, a home with its data, and reading a certificate's PDF back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from certificates.models import Certificate
from certificates.standard import install
from estate.models import Party
from letting.models import Letting
from tests.factories import PartyFactory, TenancyFactory
from tests.letters.pdftools import page_texts
from tests.letting.conftest import (  # noqa: F401  (fixtures of the letting's tests, used here too)
    letting,
    letting_templates,
    newcomer,
    newcomer_user,
    seal_certificate,
    vacant_unit,
)


@pytest.fixture(autouse=True)
def certificate_templates(db):
    """The review process (migration certificates 0002 installs it; a flushed database needs it again)."""
    install(apps)


@pytest.fixture
def home(unit, tenant):
    """The tenant's flat with its size, a contract number and a co-tenant of the same contract."""
    unit.floor, unit.number, unit.rooms, unit.area = "3. OG links", "0815", Decimal("2.5"), Decimal("61.30")
    unit.save()
    building = unit.building
    building.street, building.house_number, building.postcode, building.city = (
        "Lindenstraße",
        "12a",
        "10969",
        "Berlin",
    )
    building.save()
    tenancy = tenant.tenancies.get()
    tenancy.contract_number, tenancy.start = "MV-4711", dt.date(2021, 4, 1)
    tenancy.save()
    co_tenant = PartyFactory(first_name="Jonas", last_name="Mustermann", salutation="Herr")
    TenancyFactory(party=co_tenant, unit=unit, start=dt.date(2021, 4, 1), contract_number="MV-4711")
    tenant.salutation = "Frau"
    tenant.save()
    return tenancy


def concluded_letting(tenancy, *, rent="640.00", costs="195.50") -> Letting:
    """The agreement the Mietbescheinigung's figures come from (concluded, as letting leaves it)."""
    from processes.models import Process, ProcessTemplate
    from tests.factories import TicketFactory

    template = ProcessTemplate.objects.get(code="vermietung")  # the letting_templates fixture installs it
    process = Process.objects.create(ticket=TicketFactory(), template=template)
    return Letting.objects.create(
        process=process,
        party=tenancy.party,
        unit=tenancy.unit,
        contract_number=tenancy.contract_number,
        start=tenancy.start,
        rent_net=Decimal(rent),
        operating_costs=Decimal(costs),
        deposit=Decimal(rent),
        state=Letting.State.CONCLUDED,
        contract_hash="0" * 64,
        tenancy=tenancy,
    )


def text_of(certificate: Certificate) -> str:
    """The certificate's PDF as the tenant keeps it, read back with pdftotext, one string."""
    with certificate.document.file.open("rb") as stored:
        return "\n".join(page_texts(stored.read()))


def documents_of(party: Party) -> list[str]:
    return list(party.documents.values_list("title", flat=True))
