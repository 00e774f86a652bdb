"""Give the staff groups their permissions again, including permissions added since the last run."""

from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Legt die Rollen (Gruppen) an und weist ihnen ihre Berechtigungen zu."

    def handle(self, *args, **options) -> None:
        for name, count in sync_roles().items():
            self.stdout.write(f"{name}: {count} Berechtigungen")
