"""The people of the load test, signed in: 200 tenants with a portal login and tickets of their own, and
60 case workers (in the Sachbearbeitung role), each with a session of their own in the database, plus
tickets for the staff to open. Run by bench/load.py with its settings; writes the JSON file it names.

    .venv/bin/python bench/load_people.py /tmp/people.json
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import CASE_WORKER  # noqa: E402
from estate.models import Party, Tenancy  # noqa: E402
from tickets.models import Ticket  # noqa: E402

TENANTS, STAFF = 200, 60


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def main() -> None:
    call_command("sync_roles", verbosity=0)
    current = Tenancy.objects.current().values("party_id")
    parties = (
        Party.objects.filter(user__isnull=False, pk__in=current, reported_tickets__isnull=False)
        .distinct()
        .select_related("user")
        .order_by("pk")[:TENANTS]
    )
    tenants = []
    for party in parties:
        references = (
            Ticket.objects.filter(reporter=party).order_by("-created_at").values_list("reference", flat=True)
        )
        tenants.append({"session": session_of(party.user), "tickets": list(references[:10])})
    case_worker = Group.objects.get(name=CASE_WORKER)
    staff = []
    highest = Ticket.objects.order_by("-id").values_list("id", flat=True)[0]
    ids = {highest - i * 1999 for i in range(500)}  # spread over the newest million
    case_workers = User.objects.filter(is_staff=True, is_superuser=False, teams__isnull=False).distinct()
    for user in case_workers[:STAFF]:
        user.groups.add(case_worker)
        staff.append({"session": session_of(user), "username": user.username})
        # Only tickets every one of them may open: another one answers 404, which is not load.
        ids &= set(Ticket.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    staff_tickets = list(Ticket.objects.filter(pk__in=ids).values_list("reference", flat=True))
    Path(sys.argv[1]).write_text(
        json.dumps({"tenants": tenants, "staff": staff, "staff_tickets": staff_tickets})
    )
    print(f"{len(tenants)} tenants, {len(staff)} case workers, {len(staff_tickets)} tickets for staff")


if __name__ == "__main__":
    main()
