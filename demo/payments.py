"""Zahlungen of the demo company: one open payment request (a replacement key) with its QR code, so
`make run` shows the portal's payment page and the back-office's, and the payment method page."""

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from notifications.models import OutboxMessage
from payments.models import PaymentRequest
from payments.requests import request_create
from payments.standard import install
from tickets.actors import Actor

from .company import Company


def build_payments(company: Company) -> None:
    install(apps)
    if PaymentRequest.objects.exists():
        return  # seeded once: a second run changes nothing
    tenants = [p for p in company.resident_logins if p.tenancies.exists()]
    payment = request_create(
        party=tenants[-1],
        amount=Decimal("45.00"),
        purpose="Ersatzschlüssel Haustür",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(company.staff["e.yilmaz"]),
    )
    # Like the history's, its mail counts as sent: the mailbox shows the visitor's own sign-in link.
    OutboxMessage.objects.filter(ticket=payment.process.ticket, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )
