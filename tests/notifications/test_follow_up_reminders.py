"""A follow-up's owner is reminded on its day: one outbox row, not the day before, not twice."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.follow_ups import remind_follow_ups
from notifications.models import OutboxMessage
from tests.factories import FollowUpFactory, StaffFactory, TicketFactory
from tickets.actors import Actor
from tickets.follow_ups import follow_up_done, follow_up_hand_over, follow_up_move
from tickets.status import Status

pytestmark = pytest.mark.django_db


def _reminders():
    return OutboxMessage.objects.filter(kind="follow_up_reminder")


@pytest.fixture
def day():
    return timezone.localdate() + dt.timedelta(days=2)


@pytest.fixture
def follow_up(case_worker, day):
    return FollowUpFactory(
        ticket=TicketFactory(), created_by=case_worker, due_on=day, note="Mieterin anrufen"
    )


def test_owner_is_reminded_on_the_day_once(case_worker, follow_up, day):
    assert remind_follow_ups(today=day - dt.timedelta(days=1)) == 0
    assert not _reminders().exists()
    assert remind_follow_ups(today=day) == 1
    assert remind_follow_ups(today=day) == 0
    [reminder] = _reminders()
    assert reminder.recipient_address == case_worker.email
    assert reminder.state == OutboxMessage.State.PENDING
    assert "Mieterin anrufen" in reminder.body_text
    assert follow_up.ticket.reference in reminder.subject


def test_a_done_follow_up_is_not_reminded(case_worker, follow_up, day):
    follow_up_done(follow_up=follow_up, actor=Actor.for_user(case_worker))
    assert remind_follow_ups(today=day) == 0


def test_a_moved_follow_up_is_reminded_on_its_new_day(case_worker, follow_up, day):
    remind_follow_ups(today=day)
    later = day + dt.timedelta(days=1)
    follow_up_move(follow_up=follow_up, actor=Actor.for_user(case_worker), due_on=later)
    assert remind_follow_ups(today=later) == 1
    assert _reminders().count() == 2


def test_digest_readers_get_it_in_the_digest(case_worker, follow_up, day):
    case_worker.wants_digest = True
    case_worker.save()
    remind_follow_ups(today=day)
    assert _reminders().get().state == OutboxMessage.State.HELD


def test_the_colleague_handed_over_to_is_told_and_reminded(case_worker, follow_up, day):
    colleague = StaffFactory()
    follow_up_hand_over(follow_up=follow_up, actor=Actor.for_user(case_worker), to=colleague)
    told = OutboxMessage.objects.get(kind="follow_up_handed_over")
    assert told.recipient_address == colleague.email
    remind_follow_ups(today=day)
    assert _reminders().get().recipient_address == colleague.email


def test_a_reminder_for_a_closed_ticket_says_so(case_worker, follow_up, day):
    follow_up.ticket.status = Status.DONE
    follow_up.ticket.save()
    remind_follow_ups(today=day)
    assert "bereits abgeschlossen" in _reminders().get().body_text
