"""A document request honours the year asked for: the document of that year closes it at once; where
there is none for that year, the request stays open for staff."""

import pytest

from catalogs.models import DocumentDelivery, ExtraField
from tests.factories import CatalogItemFactory, DocumentFactory, ExtraFieldFactory, PropertyFactory
from tickets.actors import Actor
from tickets.documents import available_for
from tickets.services import ticket_create
from tickets.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement_item():
    item = CatalogItemFactory(
        name_de="Kopie der Betriebskostenabrechnung",
        group__category__kind="tenancy",
        document_delivery=DocumentDelivery.DOWNLOAD,
        document_kind="betriebskosten",
    )
    ExtraFieldFactory(item=item, key="jahr", kind=ExtraField.Kind.NUMBER, label_de="Für welches Jahr?")
    return item


def ask(tenant, item, year: str):
    return ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=PropertyFactory(),
        reporter=tenant,
        description="Bitte die Abrechnung",
        answers={"jahr": year},
    )


def test_the_document_of_the_year_asked_for_closes_the_request(tenant, statement_item):
    DocumentFactory(party=tenant, title="Betriebskostenabrechnung 2025", year=2025)
    wanted = DocumentFactory(party=tenant, title="Betriebskostenabrechnung 2024", year=2024)
    ticket = ask(tenant, statement_item, "2024")
    assert available_for(ticket) == wanted
    assert ticket.status == Status.DONE
    assert "Betriebskostenabrechnung 2024" in ticket.events.get(kind="status").data["reason"]


def test_no_document_for_that_year_stays_open_for_staff(tenant, statement_item):
    DocumentFactory(party=tenant, title="Betriebskostenabrechnung 2025", year=2025)
    ticket = ask(tenant, statement_item, "2023")
    assert available_for(ticket) is None
    assert ticket.status == Status.OPEN


def test_a_year_we_cannot_read_goes_to_staff(tenant, statement_item):
    DocumentFactory(party=tenant, year=2025)
    assert ask(tenant, statement_item, "letztes Jahr").status == Status.OPEN
