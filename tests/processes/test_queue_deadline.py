"""A process's next deadline is its ticket's due time: the queue's due sort and overdue flags work for
processes as they are, and the beat schedule moves waiting processes on."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from processes import engine
from processes.models import ProcessStep
from processes.tasks import wake_due_waits
from tickets.actors import Actor
from tickets.models import Ticket
from tickets.overdue import mark_overdue_tickets

pytestmark = pytest.mark.django_db


def test_an_overdue_step_flags_its_ticket_and_the_next_step_clears_it(templates, tenant, case_worker):
    staff = Actor.for_user(case_worker)
    process = engine.start(
        "bauliche_veraenderung", actor=staff, reporter_party=tenant, parties={"tenant": tenant}
    )
    engine.complete(process, "request", actor=staff)
    ProcessStep.objects.filter(pk=process.current_step.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    Ticket.objects.filter(pk=process.ticket_id).update(due_at=timezone.now() - dt.timedelta(hours=1))

    assert mark_overdue_tickets() == 1
    assert Ticket.objects.get(pk=process.ticket_id).is_overdue

    process.refresh_from_db()
    engine.complete(process, "decision", actor=staff, outcome="yes")
    ticket = Ticket.objects.get(pk=process.ticket_id)
    assert not ticket.is_overdue
    assert ticket.due_at is None  # the record step has no deadline


def test_the_wait_task_is_scheduled():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "processes.wake_due_waits" in entries
    assert wake_due_waits.name == "processes.wake_due_waits"
