"""The daily rollup and the ratings' copies agree with counting the summary rows directly, through the
life of tickets: reported, released, done, rated, reopened, moved to another team and property, done
again, rejected; and the volumes and overview read the same from either."""

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from reports import rollup
from reports.dashboard import overview
from reports.facts import rebuild
from reports.feedback import feedback_record
from reports.models import Feedback, ReportDay, ReportHours, TicketFact
from reports.scope import Scope
from reports.volumes import volumes
from tests.factories import (
    CatalogItemFactory,
    ContractorFactory,
    PartyFactory,
    ResponsibilityFactory,
    StaffFactory,
    TeamFactory,
    UnitFactory,
)
from tickets import workflow
from tickets.actors import Actor
from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import ticket_create
from tickets.status import Status
from tickets.timeline import record

pytestmark = pytest.mark.django_db


@contextmanager
def days_ago(days: int):
    """Everything recorded inside happens at 10:00, `days` days ago."""
    moment = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days), dt.time(10))
    )
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def counted() -> dict:
    """The rollup as counting the summary rows would make it: {key: {count: n}}, zeros left out."""
    found: dict = defaultdict(dict)
    tz = timezone.get_default_timezone()
    for count, column, condition in rollup.MOVES:
        facts = TicketFact.objects.filter(**{f"{column}__isnull": False})
        if condition is not None:
            facts = facts.filter(condition)
        grouped = (
            facts.annotate(day=TruncDate(column, tzinfo=tz))
            .values_list("day", "team_id", "category_id", "channel")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for day, team, category, channel, n in grouped:
            found[(day, team or 0, category, channel)][count] = n
    return dict(found)


def rolled() -> dict:
    found = {}
    for row in ReportDay.objects.all():
        counts = {c: getattr(row, c) for c in rollup.COUNTS if getattr(row, c)}
        if counts:
            found[(row.day, row.team_id, row.category_id, row.channel)] = counts
    return found


def copies_agree() -> bool:
    fields = rollup.FEEDBACK_FIELDS
    facts = {row["ticket_id"]: row for row in TicketFact.objects.values("ticket_id", *fields)}
    return all(
        all(row[f] == facts[row["ticket_id"]][f] for f in fields)
        for row in Feedback.objects.values("ticket_id", *fields)
    )


def hours_counted() -> dict:
    """The hour buckets as counting the summary rows would make them."""
    found: dict = defaultdict(int)
    for fact in TicketFact.objects.values("created_at", "team_id", "category_id", *rollup.HOURS_FIELDS):
        for key in rollup.hour_contributions(fact):
            found[key] += 1
    return dict(found)


def hours_rolled() -> dict:
    rows = ReportHours.objects.filter(n__gt=0).values_list(
        "day", "team_id", "category_id", "phase", "bucket", "n"
    )
    return {key[:-1]: key[-1] for key in rows}


def agree():
    assert rolled() == counted()
    assert hours_rolled() == hours_counted()
    assert copies_agree()


def test_the_rollup_follows_every_change_of_a_ticket(tenant, unit, monkeypatch):
    staff = Actor.for_user(StaffFactory())
    item = CatalogItemFactory()
    ResponsibilityFactory(item=item)
    other_team, other_unit = TeamFactory(), UnitFactory()

    def report(**kwargs):
        return ticket_create(
            actor=Actor.for_party(tenant),
            item=item,
            prop=unit.building.property,
            unit=unit,
            reporter=tenant,
            description="Das Fenster schließt nicht.",
            **kwargs,
        )

    with days_ago(60):
        job = report()
        rejected = report(channel=Channel.PHONE)
    agree()
    with days_ago(59):
        workflow.release(job, actor=staff, contractor=ContractorFactory())
    with days_ago(45):
        workflow.change_status(job, to=Status.DONE, actor=staff)
        workflow.change_status(rejected, to=Status.REJECTED, actor=staff, reason="Doppelt")
    agree()
    with days_ago(44) as moment:
        feedback_record(ticket=job, party=tenant, score=2, effort=4, now=moment)
    agree()
    with days_ago(30):  # reopened: its first completion leaves the counts, the reopening enters
        workflow.change_status(job, to=Status.OPEN, actor=staff, reason="Tropft wieder")
    agree()
    with days_ago(29):
        workflow.reassign(job, actor=staff, team=other_team)
    agree()
    with days_ago(28):  # corrected to another property's unit, as a data change on the timeline
        Ticket.objects.filter(pk=job.pk).update(unit=other_unit, property=other_unit.building.property)
        job.refresh_from_db()
        record(job, kind=TicketEvent.Kind.DATA_CHANGE, actor=staff, reason="falsches Haus")
    agree()
    with days_ago(10):
        workflow.change_status(job, to=Status.DONE, actor=staff)
    with days_ago(5):
        report(channel=Channel.EMAIL)
    agree()

    fact = TicketFact.objects.get(pk=job.pk)
    assert (fact.team_id, fact.property_id, fact.reopened_count) == (
        other_team.pk,
        other_unit.building.property_id,
        1,
    )
    assert Feedback.objects.get(ticket=job).team_id == other_team.pk
    assert sum(r.reported for r in ReportDay.objects.all()) == 3
    assert sum(r.done for r in ReportDay.objects.all()) == 1  # the first completion was taken out
    assert sum(r.reopened for r in ReportDay.objects.all()) == 1

    # What the pages read is the same from the rollup as from counting the summary rows.
    scopes = [Scope.default(), Scope.default().but(team_id=other_team.pk, grain="week")]
    from_rollup = [(volumes(s), overview(s)["figures"]) for s in scopes]
    monkeypatch.setattr(Scope, "rolled_up", property(lambda self: False))
    assert [(volumes(s), overview(s)["figures"]) for s in scopes] == from_rollup


def test_a_rebuild_derives_the_same_rollup(tenant, unit):
    PartyFactory()
    item = CatalogItemFactory()
    ResponsibilityFactory(item=item)
    with days_ago(3):
        ticket = ticket_create(
            actor=Actor.for_party(tenant),
            item=item,
            prop=unit.building.property,
            unit=unit,
            reporter=tenant,
            description="Heizung kalt.",
        )
    with days_ago(1):
        workflow.change_status(ticket, to=Status.DONE, actor=Actor.for_user(StaffFactory()))
    before = rolled()

    ReportDay.objects.all().delete()
    rebuild()

    assert rolled() == before == counted()
