import pytest

from tests.factories import CatalogItemFactory, PartyFactory, TenancyFactory, TicketFactory


@pytest.fixture
def umlaut_ticket(db):
    """A ticket reported by a tenant whose name and street need every German special letter."""
    tenancy = TenancyFactory(
        party=PartyFactory(salutation="Frau", first_name="Jürgen-Ödön", last_name="Süßmann-Äbelö"),
        unit__building__street="Größere Querstraße",
        unit__building__house_number="7a",
        unit__building__postcode="13353",
        unit__building__city="Berlin",
    )
    return TicketFactory(
        reference="2026-000123",
        reporter=tenancy.party,
        unit=tenancy.unit,
        property=tenancy.unit.building.property,
        item=CatalogItemFactory(name_de="WC-Spülung defekt"),
        description="Die Spülung läuft ständig nach; Wasser fließt über die Fußleiste.",
    )
