"""Walks the busiest pages on the embedded default's database (SQLite), as `make run` serves them: every
queue tab, status and sort, a catalog group by urgency, ticket pages, and a tenant's pages. Run by
tests/config/test_embedded_pages.py in a fresh interpreter whose DATABASE_URL names a migrated, seeded
SQLite file; prints each page's status and exits 1 when one is not answered."""

import os
import sys


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from catalogs.models import CatalogGroup
    from tickets.models import Ticket

    failed = []

    def visit(client: Client, url: str) -> None:
        status = client.get(url).status_code
        print(status, url)
        if status not in (200, 302):
            failed.append(url)

    group = CatalogGroup.objects.order_by("pk").first()
    for role in ("Sachbearbeitung", "Teamleitung"):
        staff = User.objects.filter(is_staff=True, is_superuser=False, groups__name=role).first()
        client = Client(raise_request_exception=False)
        client.force_login(staff)
        for view in ("mine", "team", "unassigned", "overdue", "follow_up", "all"):
            for status in ("", "any"):
                for sort in ("due", "priority", "created"):
                    visit(client, f"/backoffice/?view={view}&status={status}&sort={sort}")
        visit(client, f"/backoffice/?view=all&status=any&sort=priority&group={group.pk}")
        visit(client, f"/backoffice/?view=team&priority=high&group={group.pk}")
        for ticket in Ticket.objects.visible_to(staff).order_by("-id")[:3]:
            visit(client, reverse("backoffice:ticket", args=[ticket.reference]))
    tenant = User.objects.filter(is_staff=False, party__reported_tickets__isnull=False).first()
    client = Client(raise_request_exception=False)
    client.force_login(tenant)
    for name in ("portal:home", "portal:my_tickets", "portal:building_tickets", "portal:my_data"):
        visit(client, reverse(name))
    for ticket in Ticket.objects.filter(reporter=tenant.party).order_by("-id")[:3]:
        visit(client, reverse("portal:ticket", args=[ticket.reference]))
    if failed:
        print("not answered:", *failed, sep="\n  ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
