"""A query compiled once and run with each call's values (backoffice.prepared.read_compiled) reads what the
queryset itself reads, related objects and annotations included, for whichever values it is given."""

import pytest
from django.db.models import F

from backoffice.prepared import read_compiled
from tests.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _query(reference: str, version: int):
    return (
        Ticket.objects.select_related("property", "assignee")
        .annotate(next_version=F("version") + 1)
        .filter(reference=reference, version__gte=version)
    )


def test_each_call_reads_with_its_own_values(django_assert_num_queries):
    first, second = TicketFactory(), TicketFactory()
    for ticket in (first, second, first):
        with django_assert_num_queries(1):
            [found] = read_compiled("test", (), _query, ticket.reference, 0)
        expected = _query(ticket.reference, 0).get()
        assert (found.pk, found.property) == (expected.pk, expected.property)
        assert found.assignee == expected.assignee
        assert found.next_version == ticket.version + 1
    assert read_compiled("test", (), _query, first.reference, first.version + 1) == []


def test_a_query_that_drops_a_value_is_refused():
    with pytest.raises(ValueError, match="every value"):
        read_compiled("test dropping", (), lambda reference, version: _query(reference, 0), "2026-000001", 3)


def test_a_value_the_orm_would_write_otherwise_is_refused():
    with pytest.raises(TypeError):
        read_compiled("test", (), _query, "2026-000001", None)
