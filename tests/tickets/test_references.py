"""Ticket references: YYYY-NNNNNN, unique and gap-free per year, also when created at the same time."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection

from tickets.models import TicketReferenceCounter
from tickets.references import next_reference


@pytest.mark.django_db
def test_references_count_up_within_a_year():
    now = dt.datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    assert next_reference(now=now) == "2026-000001"
    assert next_reference(now=now) == "2026-000002"


@pytest.mark.django_db
def test_new_year_starts_at_one_in_local_time():
    # 23:30 UTC on New Year's Eve is already 2027 in Berlin.
    assert next_reference(now=dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == "2027-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_unique_gap_free_numbers():
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (set DATABASE_URL): row locks are what it checks.")
    now = dt.datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(10):
                results.append(next_reference(now=now))
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [f"2026-{n:06d}" for n in range(1, 81)]
    assert TicketReferenceCounter.objects.get(year=2026).last == 80
