"""The large-data generator, run small against the test database: every row it writes fits together."""

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Max

from bench.generate import generate
from catalogs.models import CatalogItem
from estate.models import Party, Property, Tenancy, Unit
from tickets.models import Message, Ticket, TicketEvent, TicketReferenceCounter
from tickets.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    """One generated company for the whole module, rolled back at its end; each test runs in a savepoint
    inside it, so what a test writes is gone before the next one reads."""
    with django_db_blocker.unblock(), transaction.atomic():
        generate(connection, units=50, tickets=200, seed=3, log=lambda *_: None)
        yield
        transaction.set_rollback(True)


def test_it_fills_the_company_to_size(filled):
    assert Unit.objects.count() == 50
    assert Tenancy.objects.filter(end__isnull=True).count() == 50
    assert Ticket.objects.count() == 200
    assert Message.objects.count() >= 400


def test_every_ticket_points_at_rows_that_exist(filled):
    tickets = Ticket.objects.all()
    assert not tickets.exclude(property__in=Property.objects.all()).exists()
    assert not tickets.exclude(item__in=CatalogItem.objects.all()).exists()
    assert not tickets.exclude(reporter__in=Party.objects.all()).exists()
    assert not tickets.filter(unit__isnull=False).exclude(unit__building__property=F("property")).exists()


def test_items_needing_a_lift_are_only_at_properties_with_one(filled):
    lift_tickets = Ticket.objects.filter(item__required_features__code="aufzug")
    assert not lift_tickets.exclude(property__features__code="aufzug").exists()


def test_references_are_unique_and_counters_continue_from_the_highest(filled):
    references = list(Ticket.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    for counter in TicketReferenceCounter.objects.all():
        highest = max(int(r[5:]) for r in references if r.startswith(f"{counter.year}-"))
        assert counter.last == highest


def test_every_ticket_has_a_timeline_of_at_least_two_events(filled):
    shortest = Ticket.objects.annotate(n=Count("events")).order_by("n").values_list("n", flat=True).first()
    assert shortest >= 2
    assert TicketEvent.objects.filter(kind="created").count() == 200


def test_closed_tickets_have_a_closing_time_and_active_ones_none(filled):
    assert not Ticket.objects.filter(status__in=Status.closed(), closed_at__isnull=True).exists()
    assert not Ticket.objects.filter(status__in=Status.active(), closed_at__isnull=False).exists()


def test_new_rows_get_ids_after_the_generated_ones(filled):
    highest = Party.objects.aggregate(Max("id"))["id__max"]
    assert Party.objects.create(first_name="Neu", last_name="Angelegt").pk > highest


def test_the_next_reference_follows_the_generated_ones(filled):
    from tickets.references import next_reference

    reference = next_reference()
    assert not Ticket.objects.filter(reference=reference).exists()
    year = reference[:4]
    references = Ticket.objects.values_list("reference", flat=True)
    highest = max((r for r in references if r.startswith(year)), default=f"{year}-000000")
    assert int(reference[5:]) == int(highest[5:]) + 1


def test_the_search_column_holds_what_the_product_computes(filled):
    from tickets.search import vector_sql

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE t.search_vector IS DISTINCT FROM "  # noqa: S608
            f"({vector_sql('t')})) FROM tickets_ticket t"
        )
        total, different = cursor.fetchone()
    assert total == 200
    assert different == 0
    assert Ticket.objects.matching("Heizung").exists()
