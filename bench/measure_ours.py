"""Our side of the side-by-side benchmark (bench/compare.py): who signs in, which pages are timed, and the
deep keyset cursors, found once per run in the Django process."""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import CASE_WORKER
from backoffice import keyset
from backoffice.forms import QueueFilterForm
from backoffice.views.queue import PAGE_SIZE, filtered_tickets
from bench.timing import time_page
from estate.models import Party, Tenancy
from tickets.models import Ticket


def prepare() -> dict:
    """The case worker of the newest ticket (in the Sachbearbeitung role, which sees closed cases too) and
    a tenant with a login who reported as much as the 90th percentile of such tenants."""
    call_command("sync_roles", verbosity=0)
    assignee_id = (
        Ticket.objects.filter(assignee__isnull=False).order_by("-id").values_list("assignee", flat=True)[0]
    )
    staff = User.objects.get(pk=assignee_id)
    staff.groups.add(Group.objects.get(name=CASE_WORKER))
    staff_client = Client()
    staff_client.force_login(staff)
    party = busy_tenant()
    tenant_client = Client()
    tenant_client.force_login(party.user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_database_size(current_database())) FROM tickets_ticket"
        )
        tickets, size = cursor.fetchone()
    return {
        "staff": staff,
        "staff_client": staff_client,
        "party": party,
        "tenant_client": tenant_client,
        "queue_url": reverse("backoffice:queue"),
        "rows_marker": f"LIMIT {PAGE_SIZE + 1}",
        "describe": f"{tickets:,} tickets, database {size}; staff {staff.username}, tenant party {party.pk}",
    }


def busy_tenant() -> Party:
    current = Tenancy.objects.current().values("party_id")
    counted = (
        Party.objects.filter(user__isnull=False, pk__in=current, reported_tickets__isnull=False)
        .annotate(n=Count("reported_tickets"))
        .order_by("n", "pk")
    )
    return counted.select_related("user")[int(counted.count() * 0.9)]


def cursor_at(user, params: dict, position: int) -> str:
    """The keyset cursor after row `position` of this queue view, as paging down would reach it."""
    form = QueueFilterForm(params)
    assert form.is_valid(), form.errors
    keys = keyset.SORTS[form.cleaned_data["sort"]]
    ordered = keyset.with_keys(filtered_tickets(user, form.cleaned_data)).order_by(*keyset.order(keys))
    row = ordered.values(*[k.field for k in keys])[position - 1]
    return keyset.encode_cursor(SimpleNamespace(**row), keys)


def middle_ticket(staff) -> str:
    """A ticket near the middle of the ids with three messages, as the peer's ticket page: the first such
    one this case worker may open (the one right at the middle may be a colleague's closed case, a 404)."""
    from tickets.models import Ticket

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id FROM tickets_ticket t WHERE t.id >= (SELECT (min(id) + max(id)) / 2 FROM "
            "tickets_ticket) AND (SELECT count(*) FROM tickets_message m WHERE m.ticket_id = t.id) = 3 "
            "ORDER BY t.id LIMIT 500"
        )
        candidates = [row[0] for row in cursor.fetchall()]
    found = Ticket.objects.visible_to(staff).filter(pk__in=candidates).order_by("id").first()
    if found is None:
        raise SystemExit("no ticket with three messages past the middle that the case worker may open")
    return found.reference


def staff_scenarios(setup: dict, warmup: int, reps: int):
    """Yields (name, figures) one scenario at a time, so the caller can run the peer's in between."""
    staff, client, queue = setup["staff"], setup["staff_client"], setup["queue_url"]
    marker = setup["rows_marker"]
    open_by_due = {"view": "all", "sort": "due"}
    every_newest = {"view": "all", "status": "any", "sort": "created"}
    active = filtered_tickets(staff, {**open_by_due, "status": ""}).count()

    def queue_page(params: dict) -> dict:
        return time_page(client, f"{queue}?{urlencode(params)}", warmup=warmup, reps=reps, explain=marker)

    yield "staff queue, first page", queue_page({"view": "all"})
    deep = cursor_at(staff, every_newest, 100_000)
    yield "deep page (row 100,000)", queue_page({**every_newest, "after": deep})
    middle = cursor_at(staff, open_by_due, active // 2)
    yield (
        "deep page, middle of the open list by due time",
        {
            **queue_page({**open_by_due, "after": middle}),
            "row": active // 2,
        },
    )
    yield 'search "Heizung"', queue_page({"view": "all", "q": "Heizung"})
    ticket = reverse("backoffice:ticket", args=[middle_ticket(staff)])
    yield "staff ticket page", time_page(client, ticket, warmup=warmup, reps=reps, explain="tickets_ticket")


def tenant_scenarios(setup: dict, warmup: int, reps: int):
    client, party = setup["tenant_client"], setup["party"]
    own = Ticket.objects.filter(reporter=party).order_by("-created_at")
    latest = own.values_list("reference", flat=True)[0]
    pages = {
        "tenant: home": reverse("portal:home"),
        "tenant: my tickets": reverse("portal:my_tickets"),
        "tenant: ticket": reverse("portal:ticket", args=[latest]),
        "tenant: building": reverse("portal:building_tickets"),
        "tenant: my data": reverse("portal:my_data"),
    }
    for name, url in pages.items():
        yield name, time_page(client, url, warmup=warmup, reps=reps)
