"""`manage.py privacy_preview`: how many records each retention rule would anonymise now, before any run;
`--run` anonymises what the active rules let go (what the nightly task does)."""

from django.core.management.base import BaseCommand

from privacy.anonymise import anonymise_due
from privacy.models import RetentionRule
from privacy.retention import preview


class Command(BaseCommand):
    help = "Show what the retention rules would anonymise now; --run does it for the active rules."

    def add_arguments(self, parser):
        parser.add_argument("--run", action="store_true", help="anonymise now (active rules only)")

    def handle(self, *args, run: bool = False, **options) -> None:
        for rule in RetentionRule.objects.all():
            state = "aktiv" if rule.active else "aus"
            self.stdout.write(f"{rule.kind:15} {rule.years:3} Jahre  {state}")
        if run:
            done = anonymise_due(triggered_by="privacy_preview --run")
            self.stdout.write(f"Anonymisiert (Lauf {done.pk}):")
            counts = done.counts
        else:
            self.stdout.write("Fällig (alle Regeln, auch ausgeschaltete):")
            counts = preview()
        for name, count in counts.items():
            self.stdout.write(f"  {name:22} {count}")
