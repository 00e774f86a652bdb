"""Report fixtures: a team lead who may see the reports, and a builder of finished jobs with their
summary rows, ratings and contractors."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.roles import sync_roles
from reports.facts import rebuild
from reports.models import Feedback
from tests.factories import (
    CatalogItemFactory,
    ContractorFactory,
    PartyFactory,
    StaffFactory,
    TeamFactory,
    TicketEventFactory,
    TicketFactory,
    UnitFactory,
)
from tickets.due import is_working_day
from tickets.models import TicketEvent


@pytest.fixture(autouse=True)
def clean_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team_lead(db):
    # The migration made the staff groups before the reports existed; give them today's permissions,
    # as `manage.py sync_roles` does on a deployment.
    sync_roles()
    return StaffFactory(first_name="Tanja", last_name="Teamleitung", roles=["Teamleitung"])


@pytest.fixture
def lead_client(client, team_lead):
    client.force_login(team_lead)
    return client


def _working_morning(day: dt.date) -> dt.datetime:
    """08:00 on the latest day on or before `day` that starts two working days in a row."""
    while not (is_working_day(day, "BE") and is_working_day(day + dt.timedelta(days=1), "BE")):
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))


def make_jobs(count: int, *, days_ago: int = 20) -> list:
    """`count` finished jobs by a contractor in one unit, each with its timeline (report, release,
    acceptance, done), a rating, and its summary row; plus as many open tickets of the same item there,
    so even one job makes a hot spot and every page reads the same tables at 1 row as at 50."""
    team, contractor, item = TeamFactory(), ContractorFactory(), CatalogItemFactory()
    unit = UnitFactory()
    reported = _working_morning(timezone.localdate() - dt.timedelta(days=days_ago))
    tickets = []
    for i in range(count):
        ticket = TicketFactory(
            item=item,
            property=unit.building.property,
            unit=unit,
            team=team,
            contractor=contractor,
            status="done",
            reporter=PartyFactory(),
            closed_at=reported,
        )
        for kind, hours, data in (
            (TicketEvent.Kind.STATUS, 2, {"old": "open", "new": "released"}),
            (TicketEvent.Kind.CONTRACTOR, 5, {"step": "accepted"}),
            (TicketEvent.Kind.STATUS, 30, {"old": "in_progress", "new": "done"}),
        ):
            event = TicketEventFactory(ticket=ticket, kind=kind, data=data)
            TicketEvent.objects.filter(pk=event.pk).update(created_at=reported + dt.timedelta(hours=hours))
        Feedback.objects.create(
            ticket=ticket, party=ticket.reporter, score=1 + i % 5, effort=2, punctuality=4
        )
        TicketFactory(item=item, property=unit.building.property, unit=unit, team=team)
        tickets.append(ticket)
    from tickets.models import Ticket

    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(created_at=reported)
    rebuild()
    return tickets
