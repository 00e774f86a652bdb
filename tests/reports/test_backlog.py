"""Today's backlog is read from the summary rows, which follow their ticket's status and team in the same
transaction: a ticket reported counts as open at once, leaves the backlog when done, and comes back in
its new team's row when reopened there."""

import pytest

from reports.backlog import backlog
from reports.dashboard import overview
from reports.scope import Scope
from tests.factories import CatalogItemFactory, ResponsibilityFactory, StaffFactory, TeamFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.services import ticket_create
from tickets.status import Status

pytestmark = pytest.mark.django_db


def open_count(**filters) -> int:
    return backlog(Scope.default().but(**filters))["total"]


def test_the_backlog_follows_the_ticket(tenant, unit):
    staff, item, other_team = Actor.for_user(StaffFactory()), CatalogItemFactory(), TeamFactory()
    ResponsibilityFactory(item=item)
    ticket = ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Die Haustür schließt nicht.",
    )
    assert open_count() == 1 == overview(Scope.default())["figures"]["open"]
    assert backlog(Scope.default())["totals"][0] == 1  # 0–2 working days old

    workflow.change_status(ticket, to=Status.DONE, actor=staff)
    assert open_count() == 0 == overview(Scope.default())["figures"]["open"]

    workflow.change_status(ticket, to=Status.OPEN, actor=staff, reason="klemmt wieder")
    workflow.reassign(ticket, actor=staff, team=other_team)
    assert open_count(team_id=other_team.pk) == 1
    assert open_count(property_id=unit.building.property_id) == 1
