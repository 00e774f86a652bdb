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
