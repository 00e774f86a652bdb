"""The ticket page asks for the two ticket permissions inside its own query (`one_visible_to`): a
permission granted or taken away counts from the very next request, directly or through a group, and the
page lets through exactly what `visible_to` lets through."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import CASE_WORKER
from tests.factories import StaffFactory, TeamMembershipFactory, TicketFactory
from tickets.models import Ticket
from tickets.status import Status

pytestmark = pytest.mark.django_db


def _page(ticket) -> str:
    return reverse("backoffice:ticket", args=[ticket.reference])


def _permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="tickets", codename=codename)


def test_a_closed_case_opens_once_she_may_see_closed_cases_and_not_after(client):
    worker = StaffFactory(roles=[CASE_WORKER])
    ticket = TicketFactory(status=Status.DONE, assignee=StaffFactory())
    client.force_login(worker)
    assert client.get(_page(ticket)).status_code == 404

    worker.user_permissions.add(_permission("view_closed"))
    assert client.get(_page(ticket)).status_code == 200

    worker.user_permissions.remove(_permission("view_closed"))
    assert client.get(_page(ticket)).status_code == 404


def test_a_confidential_case_opens_through_a_group_that_may_see_them(client):
    worker = StaffFactory(roles=[CASE_WORKER])
    ticket = TicketFactory(status=Status.IN_PROGRESS, restricted_to=StaffFactory())
    client.force_login(worker)
    assert client.get(_page(ticket)).status_code == 404

    group = Group.objects.create(name="Vertrauliches")
    worker.groups.add(group)
    group.permissions.add(_permission("view_confidential"))
    assert client.get(_page(ticket)).status_code == 200

    group.permissions.remove(_permission("view_confidential"))
    assert client.get(_page(ticket)).status_code == 404


def test_a_superuser_opens_every_case_and_a_missing_one_is_404(client):
    boss = StaffFactory(is_superuser=True)
    ticket = TicketFactory(status=Status.DONE, restricted_to=StaffFactory())
    client.force_login(boss)
    assert client.get(_page(ticket)).status_code == 200
    assert client.get(reverse("backoffice:ticket", args=["2099-000001"])).status_code == 404


def test_one_visible_to_lets_through_what_visible_to_does():
    worker, colleague = StaffFactory(roles=[CASE_WORKER]), StaffFactory()
    team = TeamMembershipFactory(user=worker).team
    tickets = [
        TicketFactory(status=Status.IN_PROGRESS),
        TicketFactory(status=Status.IN_PROGRESS, restricted_to=colleague),
        TicketFactory(status=Status.IN_PROGRESS, restricted_to=worker),
        TicketFactory(status=Status.DONE, assignee=colleague),
        TicketFactory(status=Status.DONE, assignee=worker),
        TicketFactory(status=Status.DONE, team=team, assignee=colleague),
        TicketFactory(status=Status.DONE, team=team, restricted_to=colleague),
    ]
    seen_by_worker = {}
    for permissions in ((), ("view_closed",), ("view_confidential",), ("view_closed", "view_confidential")):
        worker.user_permissions.set([_permission(codename) for codename in permissions])
        for user in (worker, colleague):
            expected = {n for n, t in enumerate(tickets) if t in _fresh(user, Ticket.objects.visible_to)}
            found = {n for n, t in enumerate(tickets) if t in _fresh(user, Ticket.objects.one_visible_to)}
            assert found == expected, (user, permissions)
            if user == worker:
                seen_by_worker[permissions] = found
    assert seen_by_worker[()] == {0, 2, 4, 5}
    assert seen_by_worker[("view_closed",)] == {0, 2, 3, 4, 5}
    assert seen_by_worker[("view_confidential",)] == {0, 1, 2, 4, 5, 6}
    assert seen_by_worker[("view_closed", "view_confidential")] == set(range(len(tickets)))


def _fresh(user, visible) -> set:
    """The tickets `visible` lets through for `user` as a new request loads it (no cached permissions)."""
    return set(visible(type(user).objects.get(pk=user.pk)))
