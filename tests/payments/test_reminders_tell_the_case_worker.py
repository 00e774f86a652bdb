"""After the second and last reminder the case worker hears it once (no more reminders follow), else the
team's lead; the first reminder and later runs tell nobody on staff."""

import datetime as dt

import pytest

from notifications.models import OutboxMessage
from payments.reminders import send_reminders
from tests.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _staff_mails():
    return OutboxMessage.objects.filter(kind="payment_unpaid_staff")


def test_the_case_worker_is_told_once_after_the_second_reminder(payment, case_worker):
    ticket = payment.process.ticket
    ticket.assignee = case_worker
    ticket.save(update_fields=["assignee"])
    due = payment.due_date

    send_reminders(today=due + dt.timedelta(days=7))
    assert not _staff_mails().exists()
    send_reminders(today=due + dt.timedelta(days=14))
    send_reminders(today=due + dt.timedelta(days=30))

    [mail] = _staff_mails()
    assert mail.recipient_address == case_worker.email
    assert mail.subject == f"[{payment.reference}] Zahlung nicht eingegangen: Erika Mustermann, 45,00 €"
    text = mail.body_text
    assert f"Die Zahlungsaufforderung {payment.reference} über 45,00 € (Ersatzschlüssel Haustür)" in text
    assert "nach 2 Erinnerungen noch nicht bezahlt" in text
    assert "Bitte nehmen Sie Kontakt mit Erika Mustermann auf" in text
    assert f"/backoffice/zahlungen/{payment.reference}/" in text


def test_without_a_case_worker_the_team_lead_is_told(payment):
    lead = StaffFactory(first_name="Lea", last_name="Leitung")
    ticket = payment.process.ticket
    ticket.assignee = None
    ticket.team = TeamFactory(lead=lead)
    ticket.save(update_fields=["assignee", "team"])

    send_reminders(today=payment.due_date + dt.timedelta(days=7))
    send_reminders(today=payment.due_date + dt.timedelta(days=14))

    assert [m.recipient_address for m in _staff_mails()] == [lead.email]


def test_a_request_nobody_holds_tells_the_colleague_who_sent_it(payment, case_worker):
    ticket = payment.process.ticket
    assert ticket.assignee is None and ticket.team_id is None

    send_reminders(today=payment.due_date + dt.timedelta(days=7))
    send_reminders(today=payment.due_date + dt.timedelta(days=14))

    assert [m.recipient_address for m in _staff_mails()] == [case_worker.email]
