"""Follow-ups that end: ticked off, moved or handed over, each with its timeline row and version check."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import FollowUpFactory, StaffFactory, TicketFactory
from tickets.actors import Actor
from tickets.errors import InvalidTicket, StaleTicket
from tickets.follow_ups import follow_up_done, follow_up_hand_over, follow_up_move
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(case_worker):
    return FollowUpFactory(ticket=TicketFactory(assignee=case_worker), created_by=case_worker)


def _rows(ticket):
    return list(ticket.events.filter(kind=TicketEvent.Kind.FOLLOW_UP).values_list("data", flat=True))


def test_ticking_off_records_who_and_the_note(case_worker, follow_up):
    follow_up_done(follow_up=follow_up, actor=Actor.for_user(case_worker), note="Rückruf erledigt")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    [row] = _rows(follow_up.ticket)
    assert row["action"] == "done" and row["note"] == "Rückruf erledigt"


def test_moving_sets_the_new_day_and_reminds_again(case_worker, follow_up):
    follow_up.reminded_at = timezone.now()
    follow_up.save()
    later = timezone.localdate() + dt.timedelta(days=3)
    follow_up_move(follow_up=follow_up, actor=Actor.for_user(case_worker), due_on=later)
    follow_up.refresh_from_db()
    assert follow_up.due_on == later and follow_up.reminded_at is None
    assert _rows(follow_up.ticket)[0]["action"] == "moved"


def test_handing_over_changes_the_owner(case_worker, follow_up):
    colleague = StaffFactory()
    follow_up_hand_over(follow_up=follow_up, actor=Actor.for_user(case_worker), to=colleague, note="Urlaub")
    follow_up.refresh_from_db()
    assert follow_up.owner == colleague
    assert _rows(follow_up.ticket)[0]["to_id"] == colleague.pk


def test_a_done_follow_up_cannot_be_ended_again(case_worker, follow_up):
    actor = Actor.for_user(case_worker)
    follow_up_done(follow_up=follow_up, actor=actor)
    with pytest.raises(InvalidTicket):
        follow_up_done(follow_up=follow_up, actor=actor)
    assert len(_rows(follow_up.ticket)) == 1


def test_a_stale_page_is_refused(case_worker, follow_up):
    with pytest.raises(StaleTicket):
        follow_up_done(
            follow_up=follow_up,
            actor=Actor.for_user(case_worker),
            expected_version=follow_up.ticket.version + 1,
        )
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
