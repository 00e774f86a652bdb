"""Fill the tickets' full-text search column in batches, e.g. after a bulk import or the first migration."""

import time

from django.core.management.base import BaseCommand

from tickets.search import backfill_search_vectors


class Command(BaseCommand):
    help = "Fill the search column of tickets (PostgreSQL), in id batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=20_000)
        parser.add_argument("--all", action="store_true", help="Recompute every ticket, not only empty ones.")

    def handle(self, *args, batch_size: int, all: bool, **options) -> None:
        started = time.monotonic()
        done = 0
        for done in backfill_search_vectors(batch_size=batch_size, only_missing=not all):
            self.stdout.write(f"{done} tickets, {time.monotonic() - started:.0f} s")
        self.stdout.write(self.style.SUCCESS(f"{done} tickets in {time.monotonic() - started:.1f} s"))
