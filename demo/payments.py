"""Zahlungen of the demo company: one open payment request (a replacement key) with its QR code, so
`make run` shows the portal's payment page and the back-office's, and the payment method page; and a
running payment arrangement (Ratenzahlung) for a reported arrear, with one instalment paid and one late."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.apps import apps
from django.utils import timezone

from notifications.models import OutboxMessage
from payments.arrears import arrear_report
from payments.instalments import instalment_pay
from payments.models import PaymentPlan, PaymentRequest
from payments.plan_reminders import check_instalments
from payments.plans import plan_approve, plan_propose
from payments.requests import request_create
from payments.schedule import Terms
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
    _sent(payment.process.ticket)
    build_payment_plan(company, tenants[0])


def build_payment_plan(company: Company, tenant) -> None:
    """600 € of arrears in six monthly instalments, agreed six weeks ago: the first paid, the second late
    (the tenant reminded), the next one due in a few weeks."""
    if PaymentPlan.objects.exists():
        return
    today = timezone.localdate()
    staff = Actor.for_user(company.staff["e.yilmaz"])
    arrear_report(
        tenant, amount=Decimal("600.00"), as_of=today - dt.timedelta(days=45), reported_by="ERP (Demo)"
    )
    first_due = today - dt.timedelta(days=40)
    # Entered and agreed as on the day it was (nobody may agree to a first date already past): the
    # confirmation's dates and the pages' then agree. This is history, made in one process.
    with mock.patch.object(timezone, "localdate", lambda *args, **kwargs: first_due - dt.timedelta(days=5)):
        plan = plan_propose(
            party=tenant,
            terms=Terms(Decimal("600.00"), 6, first_due, PaymentPlan.Interval.MONTHLY),
            actor=staff,
            note="Nach Telefonat: Nachzahlung der Nebenkosten, Zahlung in Raten vereinbart.",
        )
        plan_approve(plan, actor=staff)
    instalment_pay(
        plan.instalments.get(number=1), actor=Actor.for_integration("ERP (Demo)"), paid_on=first_due
    )
    # The ERP booked it: the arrear is lower now.
    arrear_report(
        tenant, amount=Decimal("500.00"), as_of=first_due + dt.timedelta(days=2), reported_by="ERP (Demo)"
    )
    check_instalments(today=today)
    _sent(plan.process.ticket)


def _sent(ticket) -> None:
    OutboxMessage.objects.filter(ticket=ticket, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )
