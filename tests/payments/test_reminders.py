"""Reminders 7 and 14 days after the due date, then none; nothing for a settled request; once per day."""

import datetime as dt

import pytest

from notifications.models import OutboxMessage
from payments.reminders import next_reminder_on, send_reminders
from payments.requests import request_settle
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def _reminders(party):
    return OutboxMessage.objects.filter(kind="payment_reminder", recipient_party=party).count()


def test_schedule_7_then_14_days_after_the_due_date(payment, tenant):
    due = payment.due_date
    assert next_reminder_on(payment) == due + dt.timedelta(days=7)
    assert send_reminders(today=due + dt.timedelta(days=6)) == 0
    assert send_reminders(today=due + dt.timedelta(days=7)) == 1
    assert send_reminders(today=due + dt.timedelta(days=7)) == 0  # a second run the same day
    payment.refresh_from_db()
    assert next_reminder_on(payment) == due + dt.timedelta(days=14)
    assert send_reminders(today=due + dt.timedelta(days=13)) == 0
    assert send_reminders(today=due + dt.timedelta(days=14)) == 1
    assert send_reminders(today=due + dt.timedelta(days=60)) == 0
    payment.refresh_from_db()
    assert payment.reminders_sent == 2
    assert next_reminder_on(payment) is None
    assert _reminders(tenant) == 2


def test_reminder_names_amount_and_transfer_details(payment, tenant):
    send_reminders(today=payment.due_date + dt.timedelta(days=7))
    mail = OutboxMessage.objects.get(kind="payment_reminder", recipient_party=tenant)
    assert "Zahlungserinnerung: 45,00 €" in mail.subject
    assert "DE02 1203 0000 0000 2020 51" in mail.body_text


def test_a_paid_request_is_not_reminded(payment, tenant):
    request_settle(payment, actor=Actor.for_integration("ERP (API)"))
    assert send_reminders(today=payment.due_date + dt.timedelta(days=30)) == 0
    assert _reminders(tenant) == 0
