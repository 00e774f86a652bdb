"""A contractor's recalls: the same item reported again at the same unit (or, for a job in the common
areas, at the same property's common areas) within 30 or 90 days after the job was done."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.contractors import contractors
from reports.facts import rebuild
from reports.scope import Scope
from tests.factories import CatalogItemFactory, ContractorFactory, TicketFactory, UnitFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def ticket(item, unit, *, days_ago: int, prop=None, contractor=None, done_days_ago=None) -> Ticket:
    made = TicketFactory(
        item=item,
        unit=unit,
        property=prop or unit.building.property,
        contractor=contractor,
        status="done" if done_days_ago is not None else "open",
    )
    Ticket.objects.filter(pk=made.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    if done_days_ago is not None:
        from tests.factories import TicketEventFactory
        from tickets.models import TicketEvent

        event = TicketEventFactory(ticket=made, kind="status", data={"old": "in_progress", "new": "done"})
        TicketEvent.objects.filter(pk=event.pk).update(
            created_at=timezone.now() - dt.timedelta(days=done_days_ago)
        )
    return made


def test_recalls_within_30_and_90_days_at_the_same_place():
    firm, item, flat, other_flat = ContractorFactory(), CatalogItemFactory(), UnitFactory(), UnitFactory()
    ticket(item, flat, days_ago=200, contractor=firm, done_days_ago=190)
    ticket(item, flat, days_ago=180)  # 10 days after: a recall within 30 and within 90 days
    ticket(item, other_flat, days_ago=150, contractor=firm, done_days_ago=140)
    ticket(item, other_flat, days_ago=80)  # 60 days after: within 90 only
    ticket(item, UnitFactory(), days_ago=130)  # elsewhere: no recall of anything
    common = other_flat.building.property
    ticket(item, None, prop=common, days_ago=100, contractor=firm, done_days_ago=95)
    ticket(item, None, prop=common, days_ago=90)  # common areas again, 5 days after
    ticket(item, flat, days_ago=60, contractor=firm, done_days_ago=50)  # nothing after it
    rebuild()

    row = contractors(Scope.default())["contractors"][0]

    assert (row["jobs"], row["recalls30"], row["recalls90"]) == (4, 2, 3)
