"""The outbox: written with the change, delivered once after commit, retried with backoff, then failed."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage
from notifications.tasks import deliver, sweep

pytestmark = pytest.mark.django_db


def test_ticket_create_writes_confirmation_and_assignee_notice(report, tenant, case_worker):
    ticket = report()
    rows = OutboxMessage.objects.filter(ticket=ticket).order_by("kind")
    assert [(r.kind, r.recipient_address) for r in rows] == [
        ("ticket_assigned", case_worker.email),
        ("ticket_created", tenant.email),
    ]
    assert all(r.state == OutboxMessage.State.PENDING for r in rows)


def test_delivery_is_queued_after_commit(report, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(deliver, "apply_async", lambda args, **kw: queued.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        ticket = report()
    assert sorted(queued) == sorted(OutboxMessage.objects.filter(ticket=ticket).values_list("pk", flat=True))


def test_deliver_twice_sends_one_email(report):
    message = report().outbox_messages.get(kind="ticket_created")
    deliver(message.pk)
    deliver(message.pk)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_failed_send_is_retried_later_with_growing_backoff(report, monkeypatch):
    message = report().outbox_messages.get(kind="ticket_created")

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    deliver(message.pk)
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING
    assert "smtp down" in message.last_error
    first_wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < first_wait <= services.RETRY_BASE
    # Not due yet: nothing happens.
    assert services.outbox_deliver(message_id=message.pk) is False
    services.outbox_deliver(message_id=message.pk, now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > first_wait


def test_message_fails_for_good_after_max_attempts_and_staff_can_retry(report, monkeypatch):
    message = report().outbox_messages.get(kind="ticket_created")
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", lambda self, *a, **k: 1 / 0
    )
    deliver(message.pk)
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.FAILED
    monkeypatch.undo()
    assert services.outbox_retry(message_ids=[message.pk]) == 1
    deliver(message.pk)
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1


def test_sweep_puts_abandoned_sending_rows_back_and_sends_them_once(report, monkeypatch):
    message = report().outbox_messages.get(kind="ticket_created")
    long_ago = timezone.now() - services.SENDING_TIMEOUT - dt.timedelta(minutes=1)
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxMessage.State.SENDING, claimed_at=long_ago)
    monkeypatch.setattr(services, "enqueue_delivery_batches", lambda ids, **kw: [deliver(pk) for pk in ids])
    sweep()
    sweep()
    assert [m.subject for m in mail.outbox].count(message.subject) == 1


def test_sweep_leaves_letters_and_fresh_sending_rows_alone(report):
    ticket = report()
    OutboxMessage.objects.filter(ticket=ticket).update(
        state=OutboxMessage.State.SENDING, claimed_at=timezone.now()
    )
    assert services.outbox_sweep() == []


def test_same_idempotency_key_writes_one_row(report):
    from notifications import rules
    from tickets.models import TicketEvent

    ticket = report()
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    rules.on_event_recorded(TicketEvent, event=created)
    assert OutboxMessage.objects.filter(ticket=ticket).count() == 2


def test_connection_closed_by_the_server_is_replaced_once(report, monkeypatch):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    message = report().outbox_messages.get(kind="ticket_created")
    real_send = EmailBackend.send_messages
    calls = []

    def idle_timeout_first(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("idle timeout")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", idle_timeout_first)
    deliver(message.pk)
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1
