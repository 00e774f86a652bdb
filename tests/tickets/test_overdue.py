import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import TicketFactory
from tickets.overdue import mark_overdue_tickets
from tickets.status import Status

pytestmark = pytest.mark.django_db


def test_open_ticket_past_due_is_marked_once_with_a_timeline_row():
    past = timezone.now() - dt.timedelta(hours=1)
    ticket = TicketFactory(due_at=past)
    assert mark_overdue_tickets() == 1
    assert mark_overdue_tickets() == 0
    ticket.refresh_from_db()
    assert ticket.is_overdue
    assert ticket.events.filter(kind="overdue").count() == 1


def test_done_and_future_tickets_are_left_alone():
    TicketFactory(due_at=timezone.now() - dt.timedelta(hours=1), status=Status.DONE)
    TicketFactory(due_at=timezone.now() + dt.timedelta(hours=1))
    assert mark_overdue_tickets() == 0


def test_a_due_time_moved_into_the_past_makes_the_ticket_overdue_with_its_row_and_mail(case_worker):
    from notifications.models import OutboxMessage
    from tickets import workflow
    from tickets.actors import Actor

    ticket = TicketFactory(due_at=timezone.now() + dt.timedelta(days=2), assignee=case_worker)
    workflow.change_priority(
        ticket,
        actor=Actor.for_user(case_worker),
        priority=ticket.priority,
        due_at=timezone.now() - dt.timedelta(minutes=5),
        reason="Frist war mit der Mieterin so vereinbart",
    )
    ticket.refresh_from_db()
    assert ticket.is_overdue
    assert ticket.events.filter(kind="overdue").count() == 1
    assert OutboxMessage.objects.filter(ticket=ticket, kind="overdue").get().recipient_address == (
        case_worker.email
    )
    # The scheduled check finds nothing left to do: the flag is set in one place, once.
    assert mark_overdue_tickets() == 0


def test_a_new_due_time_in_the_future_or_closing_clears_the_flag(case_worker):
    from tickets import workflow
    from tickets.actors import Actor

    actor = Actor.for_user(case_worker)
    ticket = TicketFactory(due_at=timezone.now() - dt.timedelta(hours=1))
    mark_overdue_tickets()
    ticket.refresh_from_db()
    workflow.change_priority(
        ticket,
        actor=actor,
        priority=ticket.priority,
        due_at=timezone.now() + dt.timedelta(days=1),
        reason="x",
    )
    ticket.refresh_from_db()
    assert not ticket.is_overdue

    late = TicketFactory(due_at=timezone.now() - dt.timedelta(hours=1))
    mark_overdue_tickets()
    late.refresh_from_db()
    workflow.change_status(late, to=Status.REJECTED, actor=actor, reason="Kein Mangel")
    late.refresh_from_db()
    assert not late.is_overdue


def test_predicate_and_query_agree():
    from tickets.models import Ticket
    from tickets.overdue import is_overdue

    now = timezone.now()
    tickets = [
        TicketFactory(due_at=now - dt.timedelta(hours=1)),
        TicketFactory(due_at=now + dt.timedelta(hours=1)),
        TicketFactory(due_at=now - dt.timedelta(hours=1), status=Status.DONE),
        TicketFactory(due_at=None),
    ]
    in_sql = set(Ticket.objects.overdue(now).values_list("pk", flat=True))
    assert {t.pk for t in tickets if is_overdue(t, now=now)} == in_sql == {tickets[0].pk}
