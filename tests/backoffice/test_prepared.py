"""The staff ticket page's reads go out as prepared statements (backoffice.prepared); the connection is
left as it was for everything else."""

import pytest
from django.db import connection
from django.urls import reverse

from backoffice.prepared import prepared
from tests.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(db):
    return TicketFactory()


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_ticket_page_prepares_its_queries_and_leaves_the_connection_as_it_was(staff_client, ticket):
    connection.ensure_connection()
    factory = connection.connection.cursor_factory
    for _ in range(2):
        assert staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).status_code == 200
    statements = _prepared_statements()
    assert any(
        'FROM "tickets_ticket"' in sql and '"tickets_ticket"."reference" = $' in sql for sql in statements
    )
    assert connection.connection.cursor_factory is factory
    assert connection.connection.prepare_threshold is None
    # Outside the page nothing is prepared.
    before = len(_prepared_statements())
    Ticket.objects.filter(reference="2099-000001").exists()
    assert len(_prepared_statements()) == before


def test_values_of_every_kind_still_reach_postgresql_typed(ticket):
    with prepared():
        assert Ticket.objects.filter(reference=ticket.reference, pk__in=[ticket.pk, 0]).get() == ticket
        assert Ticket.objects.filter(created_at__lte=ticket.created_at, status__in=["open", "done"]).exists()
        assert Ticket.objects.filter(title__icontains=ticket.title[:3]).exists()


def test_switched_off_for_a_transaction_pooler_nothing_is_prepared(staff_client, ticket, settings):
    settings.PREPARED_STATEMENTS = False
    before = len(_prepared_statements())
    assert staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).status_code == 200
    assert len(_prepared_statements()) == before
