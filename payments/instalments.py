"""Raten: the one door for an instalment of a running payment arrangement. The ERP reports a payment
through the API, staff mark one paid or waive it on the plan's page (with the process version, so a
stale page is refused). Each change is recorded on the process with the next open instalment's date; once
none is open, the plan ends as paid off by itself.

    instalment_pay(instalment, *, actor, paid_on=None, amount=None, version=None) -> Instalment
    instalment_waive(instalment, *, actor, reason, version=None) -> Instalment
    next_open(plan) -> Instalment | None
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from processes import engine
from tickets.actors import Actor
from tickets.errors import TicketError

from .models import Instalment, PaymentPlan
from .plan_reminders import record_row
from .plans import SCHEDULE


class InstalmentError(TicketError):
    default_message = _("Diese Rate ist bereits erledigt oder die Ratenzahlung läuft nicht mehr.")


class InstalmentAmountMismatch(InstalmentError):
    default_message = _("Der gezahlte Betrag weicht von der Rate ab. Bitte klären Sie die Zahlung.")


def next_open(plan: PaymentPlan) -> Instalment | None:
    return plan.instalments.open().order_by("number").first()


def _locked(instalment: Instalment) -> Instalment:
    locked = Instalment.objects.select_for_update().select_related("plan__process").get(pk=instalment.pk)
    if locked.plan.state != PaymentPlan.State.ACTIVE or not locked.is_open:
        raise InstalmentError()
    return locked


def _moved_on(plan: PaymentPlan, *, actor: Actor, version: int | None, change: str) -> None:
    """Record the change on the process (version checked) with the next due date; with none open the plan
    is paid off."""
    process = plan.process
    following = next_open(plan)
    engine.update_data(
        process,
        actor=actor,
        data={
            "next_due": following.due_date.isoformat() if following else None,
            "last_instalment_change": change,
        },
        version=version,
    )
    if following is None:
        engine.complete(process, SCHEDULE, actor=Actor.system(), outcome=PaymentPlan.EndReason.PAID_OFF)


@transaction.atomic
def instalment_pay(
    instalment: Instalment,
    *,
    actor: Actor,
    paid_on: dt.date | None = None,
    amount: Decimal | None = None,
    version: int | None = None,
) -> Instalment:
    """The money of one instalment came in. Refused: already paid or waived, the plan not running
    (InstalmentError), another amount (InstalmentAmountMismatch), a payment day in the future."""
    locked = _locked(instalment)
    if amount is not None and Decimal(amount) != locked.amount:
        raise InstalmentAmountMismatch()
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("Das Zahlungsdatum liegt in der Zukunft.")]})
    locked.state = Instalment.State.PAID
    locked.paid_on = paid_on
    locked.paid_amount = locked.amount
    locked.settled_by = actor.label[:200]
    locked.save(update_fields=["state", "paid_on", "paid_amount", "settled_by", "updated_at"])
    record_row(locked, action="instalment_paid", actor=actor, paid_on=paid_on.isoformat())
    _moved_on(locked.plan, actor=actor, version=version, change=f"{locked.number}:paid")
    instalment.refresh_from_db()
    return instalment


@transaction.atomic
def instalment_waive(
    instalment: Instalment, *, actor: Actor, reason: str, version: int | None = None
) -> Instalment:
    """Erlassen: staff forgive one instalment, with the reason kept beside it."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": [_("Bitte geben Sie eine Begründung an.")]})
    locked = _locked(instalment)
    locked.state = Instalment.State.WAIVED
    locked.waived_reason = reason[:1000]
    locked.settled_by = actor.label[:200]
    locked.save(update_fields=["state", "waived_reason", "settled_by", "updated_at"])
    record_row(locked, action="instalment_waived", actor=actor, reason=locked.waived_reason)
    _moved_on(locked.plan, actor=actor, version=version, change=f"{locked.number}:waived")
    instalment.refresh_from_db()
    return instalment
