"""`manage.py seed_demo`: a complete demo housing company to try the portal and the back-office with."""

from django.core.management.base import BaseCommand

from demo import seed_demo
from demo.company import COMPANY_NAME, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Legt Demodaten einer Wohnungsgesellschaft an (mehrfach ausführbar, ändert dann nichts)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tickets", type=int, default=300, help="Anzahl der Demo-Meldungen.")

    def handle(self, *args, tickets: int, **options) -> None:
        company, created = seed_demo(tickets=tickets)
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demodaten „{COMPANY_NAME}“ sind bereit."))
        if created:
            out.write(f"{created} Meldungen angelegt.")
        else:
            out.write("Meldungen waren schon vorhanden, nichts geändert.")
        out.write("\nAnmeldung Mitarbeitende (/backoffice/, /admin/), Passwort für alle: " + DEMO_PASSWORD)
        out.write(f"  {'admin':<12} Administration (Superuser)")
        for username, user in company.staff.items():
            teams = ", ".join(t.name for t in user.teams.all())
            roles = ", ".join(g.name for g in user.groups.all())
            out.write(f"  {username:<12} {user.get_full_name()} – {teams} ({roles})")
        out.write(
            "\nAnmeldung Mieter und Bewohner (/portal/): E-Mail-Adresse eingeben, der Anmeldelink kommt "
            "per E-Mail"
        )
        for party in company.resident_logins[:6]:
            out.write(f"  {party.email:<36} {party.display_name}")
        out.write(f"  … und {max(len(company.resident_logins) - 6, 0)} weitere (alle @example.org)")
