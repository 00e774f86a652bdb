"""The queue's ids query is compiled once per shape and kept: each request still lists its own user's
tickets, by their own permissions, after their own cursor, at the moment it is asked."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.views import queue as queue_views
from tests.factories import StaffFactory, TicketFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("backoffice:queue")


def _refs(client, **params) -> list[str]:
    return [row.reference for row in client.get(QUEUE, params).context["rows"]]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_colleague_sees_their_own_tickets_through_the_same_query():
    anna, ben = (StaffFactory(roles=["Sachbearbeitung"]) for _ in range(2))
    annas, bens = TicketFactory(assignee=anna), TicketFactory(assignee=ben)
    assert _refs(_client(anna), view="mine") == [annas.reference]
    assert _refs(_client(ben), view="mine") == [bens.reference]
    assert _refs(_client(anna), view="mine") == [annas.reference]


def test_who_may_see_every_closed_case_sees_it_and_who_may_not_does_not():
    lead, worker = StaffFactory(roles=["Teamleitung"]), StaffFactory(roles=["Sachbearbeitung"])
    closed = TicketFactory(status="done", assignee=StaffFactory())
    for user, sees in ((lead, True), (worker, False), (lead, True)):
        assert (closed.reference in _refs(_client(user), view="all", status="any")) is sees


def test_overdue_is_judged_at_each_request(staff_client, case_worker):
    soon = TicketFactory(assignee=case_worker, due_at=timezone.now() + dt.timedelta(seconds=2))
    late = TicketFactory(assignee=case_worker, due_at=timezone.now() - dt.timedelta(hours=1))
    assert _refs(staff_client, view="overdue") == [late.reference]
    soon.due_at = timezone.now() - dt.timedelta(minutes=1)
    soon.save(update_fields=["due_at"])
    assert _refs(staff_client, view="overdue") == [late.reference, soon.reference]


def test_the_stand_ins_never_reach_the_database(staff_client, case_worker, django_assert_num_queries):
    queue_views._COMPILED.clear()
    TicketFactory(assignee=case_worker)
    staff_client.get(QUEUE, {"view": "mine"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        staff_client.get(QUEUE, {"view": "mine"})
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert str(queue_views._STAND_IN_USER) not in sql and "1901-02" not in sql
    assert f'"assignee_id" = {case_worker.pk}' in sql
    # Both queries came from their compiled shapes (the stand-ins were trusted), not built anew.
    assert {shape[0] for shape, compiled in queue_views._COMPILED.items() if compiled} == {"keys", "counts"}


def test_each_colleague_gets_their_own_tab_counts(monkeypatch):
    from backoffice import tab_counts

    monkeypatch.setattr(tab_counts, "SECONDS", 0)
    anna, ben = (StaffFactory(roles=["Sachbearbeitung"]) for _ in range(2))
    TicketFactory.create_batch(2, assignee=anna)
    TicketFactory(assignee=ben, due_at=timezone.now() - dt.timedelta(hours=1))
    for user, mine, overdue in ((anna, "2", "1"), (ben, "1", "1"), (anna, "2", "1")):
        views = {key: count for key, _label, count in _client(user).get(QUEUE).context["views"]}
        assert (views["mine"], views["overdue"], views["all"]) == (mine, overdue, "3")
