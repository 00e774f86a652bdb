"""Ticket references like 2026-000123: unique and gap-free per year, also under concurrent creation."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import TicketReferenceCounter


def next_reference(*, now=None) -> str:
    year = timezone.localtime(now).year
    with transaction.atomic():
        # Make sure the year's row exists without racing on its creation, then increment it under the row
        # lock that UPDATE takes: concurrent creators queue on that lock until this transaction ends.
        TicketReferenceCounter.objects.bulk_create([TicketReferenceCounter(year=year)], ignore_conflicts=True)
        TicketReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
        number = TicketReferenceCounter.objects.get(year=year).last
    return f"{year}-{number:06d}"
