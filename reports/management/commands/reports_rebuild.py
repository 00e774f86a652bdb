"""Fill the reports' summary table from the tickets' timelines (after an import, or for the benchmark)."""

from django.core.management.base import BaseCommand

from reports.facts import rebuild


class Command(BaseCommand):
    help = "Rebuild the reports' summary rows (TicketFact) from every ticket's timeline."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=5000)

    def handle(self, *args, chunk: int, **options):
        count = rebuild(chunk=chunk, log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS(f"{count} tickets summarised"))
