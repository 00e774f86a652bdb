"""Zahlungserinnerung: an open payment request past its due date reminds the tenant 7 days after it, and
again 14 days after; then no more (the case worker sees it overdue in the queue and calls). Run daily
by Celery beat; each reminder is counted on the request under a row lock, so a second run the same day
sends nothing twice."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import PaymentRequest
from .signals import payment_reminder_due

# Days after the due date on which the n-th reminder goes out.
SCHEDULE = (7, 14)


def next_reminder_on(payment: PaymentRequest) -> dt.date | None:
    """The day the next reminder is due; None once the schedule is through or the request is settled."""
    if payment.state != PaymentRequest.State.OPEN or payment.reminders_sent >= len(SCHEDULE):
        return None
    return payment.due_date + dt.timedelta(days=SCHEDULE[payment.reminders_sent])


def send_reminders(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    today = today or timezone.localdate()
    earliest_due = today - dt.timedelta(days=SCHEDULE[0])
    candidates = PaymentRequest.objects.open().filter(
        due_date__lte=earliest_due, reminders_sent__lt=len(SCHEDULE)
    )
    sent = 0
    for pk in list(candidates.values_list("pk", flat=True)[:batch_size]):
        sent += _remind(pk, today=today)
    return sent


@transaction.atomic
def _remind(pk: int, *, today: dt.date) -> int:
    payment = PaymentRequest.objects.select_for_update().select_related("process__ticket", "party").get(pk=pk)
    due_on = next_reminder_on(payment)
    if due_on is None or due_on > today:
        return 0
    payment.reminders_sent += 1
    payment.last_reminded_at = timezone.now()
    payment.save(update_fields=["reminders_sent", "last_reminded_at"])
    payment_reminder_due.send(sender=PaymentRequest, payment=payment, number=payment.reminders_sent)
    return 1
