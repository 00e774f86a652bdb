"""Zahlungsaufforderung: the one door for payment requests. Staff ask a tenant for a one-off amount; the
request is a process (template `zahlungsaufforderung`) whose only step, `payment`, is due on the due date
and ends when the ERP reports the payment or staff mark it paid; staff may cancel it.

    request_create(*, party, amount, purpose, due_date, actor, source_ticket=None) -> PaymentRequest
    request_settle(payment, *, actor, paid_at=None, amount=None) -> PaymentRequest
    request_cancel(payment, *, actor, reason) -> PaymentRequest
    transfer_details(payment) -> TransferDetails       what the tenant's page, mail and letter show
    visible_requests(user) -> QuerySet                   through processes.access
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from estate.fields import number_text
from estate.models import Party, Tenancy
from processes import access, engine
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.models import Ticket

from . import epc
from .models import PaymentRequest

TEMPLATE, STEP = "zahlungsaufforderung", "payment"
MAX_AMOUNT = Decimal("100000.00")  # a one-off request above this is a typing error, not a key


class PaymentError(TicketError):
    default_message = _("Diese Zahlungsaufforderung ist nicht mehr offen.")


class PaidInFuture(PaymentError):
    default_message = _("Das Zahlungsdatum liegt in der Zukunft.")


class AmountMismatch(PaymentError):
    default_message = _("Der gezahlte Betrag weicht vom geforderten ab. Bitte klären Sie die Zahlung.")


def clean_amount(value) -> Decimal:
    """A positive amount in euro and cent; a clear message for zero, a negative or a third decimal."""
    try:
        amount = Decimal(number_text(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValidationError(
            _("Bitte geben Sie einen Betrag in Euro an, z. B. 45,00."), code="amount"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(_("Der Betrag muss größer als 0 € sein."), code="amount_positive")
    if amount != amount.quantize(epc.CENT):
        raise ValidationError(_("Bitte geben Sie höchstens zwei Nachkommastellen an."), code="amount_cents")
    if amount > MAX_AMOUNT:
        raise ValidationError(_("Der Betrag ist zu hoch für eine Zahlungsaufforderung."), code="amount_high")
    return amount


@transaction.atomic
def request_create(
    *,
    party: Party,
    amount: Decimal,
    purpose: str,
    due_date: dt.date,
    actor: Actor,
    source_ticket: Ticket | None = None,
) -> PaymentRequest:
    """Raises ValidationError (amount, purpose, due date) before anything is stored."""
    amount = clean_amount(amount)
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError(_("Bitte geben Sie den Verwendungszweck an."), code="purpose")
    if due_date < timezone.localdate():
        raise ValidationError(_("Das Fälligkeitsdatum liegt in der Vergangenheit."), code="due_past")
    unit = source_ticket.unit if source_ticket is not None else None
    if unit is None:
        tenancy = Tenancy.objects.current().filter(party=party).select_related("unit__building").first()
        unit = tenancy.unit if tenancy else None
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=party,
        parties={"tenant": party},
        data={"due_date": due_date.isoformat(), "amount": str(amount), "purpose": purpose},
        unit=unit,
        prop=source_ticket.property if source_ticket is not None and unit is None else None,
        description=purpose,
    )
    return PaymentRequest.objects.create(
        process=process,
        party=party,
        amount=amount,
        purpose=purpose[:120],
        due_date=due_date,
        source_ticket=source_ticket,
    )


def _locked(payment: PaymentRequest) -> PaymentRequest:
    locked = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    if locked.state != PaymentRequest.State.OPEN:
        raise PaymentError()
    return locked


@transaction.atomic
def request_settle(
    payment: PaymentRequest,
    *,
    actor: Actor,
    paid_at: dt.datetime | None = None,
    amount: Decimal | None = None,
) -> PaymentRequest:
    """The money has come in (the ERP's booking, or staff saw it on the statement). Refused when the
    request is no longer open (PaymentError), the amount paid differs (AmountMismatch) or the day of
    payment has not come yet (PaidInFuture)."""
    now = timezone.now()
    if paid_at is not None and paid_at > now + dt.timedelta(minutes=5):  # a clock a little ahead is fine
        raise PaidInFuture()
    locked = _locked(payment)
    if amount is not None and Decimal(amount) != locked.amount:
        raise AmountMismatch()
    paid_at = paid_at or now
    engine.complete(
        locked.process, STEP, actor=actor, outcome="resolved", data={"paid_at": paid_at.isoformat()}
    )
    payment.refresh_from_db()
    return payment


@transaction.atomic
def request_cancel(payment: PaymentRequest, *, actor: Actor, reason: str) -> PaymentRequest:
    """Stornieren: the amount is not owed after all; the tenant sees the reason."""
    if not reason.strip():
        raise ValidationError(_("Bitte geben Sie eine Begründung an."), code="reason")
    locked = _locked(payment)
    engine.cancel(locked.process, actor=actor, reason=reason)
    payment.refresh_from_db()
    return payment


def on_payment_step(*, process, step, actor: Actor) -> None:
    """The payment step ended, by request_settle or on the generic process page: the request is paid."""
    paid_at = parse_datetime(str((step.data or {}).get("paid_at") or "")) or timezone.now()
    PaymentRequest.objects.filter(process=process, state=PaymentRequest.State.OPEN).update(
        state=PaymentRequest.State.PAID,
        paid_at=paid_at,
        paid_amount=F("amount"),
        settled_by=actor.label[:200],
    )


def on_process_cancelled(*, process, actor: Actor) -> None:
    PaymentRequest.objects.filter(process=process, state=PaymentRequest.State.OPEN).update(
        state=PaymentRequest.State.CANCELLED, settled_by=actor.label[:200]
    )


@dataclass(frozen=True)
class TransferDetails:
    """Everything the tenant needs to pay: to copy by hand, or in one scan of the QR code."""

    name: str
    iban: str
    iban_grouped: str
    bic: str
    amount: Decimal
    remittance: str
    payload: str

    @property
    def qr_svg(self) -> str:
        return epc.qr_svg(self.payload)


def transfer_details(payment: PaymentRequest) -> TransferDetails:
    creditor = settings.PAYMENTS
    payload = epc.payload(
        name=creditor["creditor_name"],
        iban=creditor["iban"],
        bic=creditor["bic"],
        amount=payment.amount,
        remittance=payment.remittance,
    )
    return TransferDetails(
        name=creditor["creditor_name"],
        iban=epc.normalise_iban(creditor["iban"]),
        iban_grouped=epc.grouped_iban(creditor["iban"]),
        bic=creditor["bic"],
        amount=payment.amount,
        remittance=payload.rsplit("\n", 1)[1],
        payload=payload,
    )


def visible_requests(user):
    """The payment requests `user` may see: those of the processes processes.access shows them."""
    return PaymentRequest.objects.filter(process__in=access.processes_for(user).values("pk"))
