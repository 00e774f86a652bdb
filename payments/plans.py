"""Ratenzahlung: the one door for payment arrangements. A plan is a process (template `ratenzahlung`):
the tenant proposes in the portal, or staff enter the proposal after a call; staff decide (`decision`:
approve, refuse with a reason, or counter-propose); a counter-proposal waits for the tenant
(`counter_answer`: agreed or refused); once agreed, the schedule of instalments runs (`instalments`) until
it is paid off (automatically), uncollectible or broken (staff).

    plan_propose(*, party, terms, actor, note="") -> PaymentPlan
    plan_approve(plan, *, actor, version=None) / plan_refuse(plan, *, actor, reason, version=None)
    plan_counter(plan, *, actor, terms, reason="", version=None)
    plan_accept_counter(plan, *, actor) / plan_decline_counter(plan, *, actor)
    plan_end(plan, *, actor, end_reason, reason, version=None)       uncollectible or broken
    visible_plans(user) -> QuerySet                                   through processes.access
Instalments (pay, waive, late) are payments.instalments and payments.plan_reminders.

The steps' behaviour sits in the receivers below (connected in payments.steps), so the generic process
page moves a plan exactly as these functions do.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Tenancy
from processes import access, engine
from processes.models import Process, ProcessStep, Role
from tickets.actors import Actor
from tickets.errors import ReasonRequired, TicketError

from .models import Arrear, Instalment, PaymentPlan
from .schedule import Terms, instalment_rows
from .signals import payment_plan_decided, payment_plan_ended

TEMPLATE = "ratenzahlung"
DECISION, COUNTER, SCHEDULE = "decision", "counter_answer", "instalments"
APPROVE, REFUSE, COUNTER_PROPOSE = "yes", "no", "counter"
AGREED, DECLINED = "agreed", "refused"
END_REASONS = (PaymentPlan.EndReason.UNCOLLECTIBLE, PaymentPlan.EndReason.BROKEN)


class PlanError(TicketError):
    default_message = _("Diese Ratenzahlung ist in diesem Stand nicht mehr änderbar.")


class PlanPending(TicketError):
    default_message = _("Für Sie ist bereits eine Ratenzahlung beantragt oder vereinbart.")


class CounterExpired(TicketError):
    default_message = _(
        "Die erste Rate dieses Vorschlags wäre bereits fällig gewesen. Bitte sprechen Sie uns an, "
        "damit wir neue Termine vereinbaren."
    )


def first_date_passed(plan: PaymentPlan) -> bool:
    """The terms on the table start on a day already past: agreeing to them now would begin late."""
    return plan.first_due < timezone.localdate()


def open_plan(party: Party) -> PaymentPlan | None:
    return PaymentPlan.objects.open().of_party(party).first()


def _description(terms: Terms) -> str:
    return str(_("Ratenzahlung über %(amount)s € in %(count)s Raten")) % {
        "amount": number_format(terms.amount, 2, force_grouping=True),
        "count": terms.count,
    }


@transaction.atomic
def plan_propose(*, party: Party, terms: Terms, actor: Actor, note: str = "") -> PaymentPlan:
    """A proposal from the tenant (or staff after a call). `terms` come from schedule.clean_terms, so the
    input is checked before this; PlanPending when the tenant already has one open."""
    Party.objects.select_for_update().filter(pk=party.pk).first()  # one open plan per tenant
    if PaymentPlan.objects.open().filter(party=party).exists():
        raise PlanPending()
    arrear = Arrear.objects.open().filter(party=party).order_by("-amount").first()
    note = " ".join(note.split())[:1000]
    tenancy = Tenancy.objects.current().filter(party=party).select_related("unit__building").first()
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=party,
        parties={Role.TENANT: party},
        data={
            **terms.as_data(),
            "note": note,
            "arrear": str(arrear.amount) if arrear else "",
        },
        unit=tenancy.unit if tenancy else None,
        description=_description(terms) + (f"\n{note}" if note else ""),
    )
    return PaymentPlan.objects.create(
        process=process,
        party=party,
        arrear=arrear,
        amount=terms.amount,
        instalment_count=terms.count,
        first_due=terms.first_due,
        interval=terms.interval,
        proposed_by_staff=actor.is_staff,
    )


def _step_code(plan: PaymentPlan) -> str:
    step = plan.process.current_step
    return step.template.code if step is not None else ""


def _expect(plan: PaymentPlan, state: str, step_code: str) -> PaymentPlan:
    locked = PaymentPlan.objects.select_for_update().select_related("process").get(pk=plan.pk)
    if locked.state != state or _step_code(locked) != step_code:
        raise PlanError()
    return locked


@transaction.atomic
def plan_approve(plan: PaymentPlan, *, actor: Actor, version: int | None = None) -> PaymentPlan:
    locked = _expect(plan, PaymentPlan.State.PROPOSED, DECISION)
    engine.complete(locked.process, DECISION, actor=actor, outcome=APPROVE, version=version)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_refuse(plan: PaymentPlan, *, actor: Actor, reason: str, version: int | None = None) -> PaymentPlan:
    if not reason.strip():
        raise ValidationError({"reason": [_("Bitte geben Sie eine Begründung an.")]})
    locked = _expect(plan, PaymentPlan.State.PROPOSED, DECISION)
    engine.complete(
        locked.process,
        DECISION,
        actor=actor,
        outcome=REFUSE,
        data={"reason": reason.strip()},
        version=version,
    )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_counter(
    plan: PaymentPlan, *, actor: Actor, terms: Terms, reason: str = "", version: int | None = None
) -> PaymentPlan:
    """Staff propose other terms; the tenant accepts or declines them in the portal."""
    locked = _expect(plan, PaymentPlan.State.PROPOSED, DECISION)
    engine.complete(
        locked.process,
        DECISION,
        actor=actor,
        outcome=COUNTER_PROPOSE,
        data={"counter": terms.as_data(), "reason": " ".join(reason.split())[:1000]},
        version=version,
    )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_accept_counter(plan: PaymentPlan, *, actor: Actor) -> PaymentPlan:
    locked = _expect(plan, PaymentPlan.State.COUNTERED, COUNTER)
    engine.complete(locked.process, COUNTER, actor=actor, outcome=AGREED)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_decline_counter(plan: PaymentPlan, *, actor: Actor) -> PaymentPlan:
    locked = _expect(plan, PaymentPlan.State.COUNTERED, COUNTER)
    engine.complete(locked.process, COUNTER, actor=actor, outcome=DECLINED)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_end(
    plan: PaymentPlan, *, actor: Actor, end_reason: str, reason: str, version: int | None = None
) -> PaymentPlan:
    """Staff end a running plan: uncollectible (the rest is written off) or broken (not kept; the rest of
    the arrear is due at once, the ERP's dunning takes over). The tenant is told."""
    errors = {}
    if end_reason not in END_REASONS:
        errors["end_reason"] = [_("Bitte wählen Sie den Grund der Beendigung.")]
    if not reason.strip():
        errors["reason"] = [_("Bitte geben Sie eine Begründung an.")]
    if errors:
        raise ValidationError(errors)
    locked = _expect(plan, PaymentPlan.State.ACTIVE, SCHEDULE)
    engine.complete(
        locked.process,
        SCHEDULE,
        actor=actor,
        outcome=end_reason,
        data={"reason": reason.strip()},
        version=version,
    )
    plan.refresh_from_db()
    return plan


# --- the steps' behaviour (payments.steps connects these to processes.signals) ----------------------------


def _plan_of(process: Process) -> PaymentPlan | None:
    return PaymentPlan.objects.select_for_update().filter(process=process).first()


def _decided(plan: PaymentPlan, actor: Actor, state: str, reason: str = "") -> None:
    plan.state = state
    plan.reason = reason
    if actor.user is not None and actor.user.pk and actor.user.is_staff:
        plan.decided_by = actor.user
    plan.decided_at = timezone.now()


def _leave_out(process: Process, *codes: str) -> None:
    """Steps this branch passes by (no counter-proposal to answer once approved; no schedule once refused)
    read 'entfällt' on the process pages instead of 'folgt'."""
    process.steps.filter(template__code__in=codes, state=ProcessStep.State.PENDING).update(
        state=ProcessStep.State.SKIPPED
    )


def _activate(plan: PaymentPlan, process: Process) -> None:
    """The terms are agreed: the schedule of instalments is made, and the next step is due on the first."""
    terms = Terms(plan.amount, plan.instalment_count, plan.first_due, plan.interval)
    Instalment.objects.bulk_create(
        Instalment(plan=plan, number=row.number, due_date=row.due_date, amount=row.amount)
        for row in instalment_rows(terms)
    )
    plan.state = PaymentPlan.State.ACTIVE
    # The engine saves the process after this receiver: the pages and the ERP read the next due date here.
    process.data = {**(process.data or {}), "next_due": plan.first_due.isoformat()}


def on_decision(*, process: Process, step, actor: Actor) -> None:
    plan = _plan_of(process)
    if plan is None or plan.state != PaymentPlan.State.PROPOSED:
        return
    data = step.data or {}
    reason = str(data.get("reason") or data.get("note") or "")
    if step.outcome == APPROVE:
        if first_date_passed(plan):
            # Agreeing now would start the schedule with an instalment already late: new terms instead.
            raise PlanError(
                _(
                    "Die erste Rate am %(day)s liegt bereits in der Vergangenheit. Bitte machen Sie einen "
                    "Gegenvorschlag mit einem neuen Datum."
                )
                % {"day": formats.date_format(plan.first_due, "SHORT_DATE_FORMAT")}
            )
        _decided(plan, actor, PaymentPlan.State.ACTIVE)
        _activate(plan, process)
        _leave_out(process, COUNTER)
    elif step.outcome == COUNTER_PROPOSE:
        counter = data.get("counter")
        if not counter:  # ticked off on the general process page: there are no other terms to offer
            raise PlanError(_("Einen Gegenvorschlag machen Sie auf der Seite der Ratenzahlung."))
        terms = Terms.from_data(counter)
        _decided(plan, actor, PaymentPlan.State.COUNTERED, reason)
        plan.tenant_terms = {
            "amount": str(plan.amount),
            "count": plan.instalment_count,
            "first_due": plan.first_due.isoformat(),
            "interval": plan.interval,
        }
        plan.amount, plan.instalment_count = terms.amount, terms.count
        plan.first_due, plan.interval = terms.first_due, terms.interval
    elif step.outcome == REFUSE:
        if not reason:
            raise ReasonRequired()
        _decided(plan, actor, PaymentPlan.State.REFUSED, reason)
        plan.ended_at = timezone.now()
        _leave_out(process, COUNTER, SCHEDULE)
    else:
        return
    plan.save()
    payment_plan_decided.send(sender=PaymentPlan, plan=plan)


def on_counter_answer(*, process: Process, step, actor: Actor) -> None:
    plan = _plan_of(process)
    if plan is None or plan.state != PaymentPlan.State.COUNTERED:
        return
    if step.outcome == AGREED:
        if first_date_passed(plan):
            raise CounterExpired()
        plan.state = PaymentPlan.State.ACTIVE
        _activate(plan, process)
    else:
        plan.state = PaymentPlan.State.DECLINED
        plan.ended_at = timezone.now()
        _leave_out(process, SCHEDULE)
    plan.save()
    payment_plan_decided.send(sender=PaymentPlan, plan=plan)


def on_schedule_end(*, process: Process, step, actor: Actor) -> None:
    plan = _plan_of(process)
    if plan is None or plan.state != PaymentPlan.State.ACTIVE:
        return
    if step.outcome not in PaymentPlan.EndReason.values:
        return
    if step.outcome == PaymentPlan.EndReason.PAID_OFF and plan.instalments.open().exists():
        raise PlanError(_("Es sind noch Raten offen; die Ratenzahlung ist nicht abbezahlt."))
    reason = str((step.data or {}).get("reason") or (step.data or {}).get("note") or "").strip()
    if step.outcome != PaymentPlan.EndReason.PAID_OFF and not reason:
        raise ReasonRequired()  # the tenant reads why their plan ended
    plan.state = PaymentPlan.State.ENDED
    plan.end_reason = step.outcome
    plan.reason = reason
    plan.ended_at = timezone.now()
    plan.save()
    payment_plan_ended.send(sender=PaymentPlan, plan=plan)


def on_process_cancelled(*, process: Process, actor: Actor) -> None:
    """Staff cancelled the process on the general page: an open plan ends with the reason given there."""
    plan = _plan_of(process)
    if plan is None or plan.state not in PaymentPlan.OPEN_STATES:
        return
    plan.state = (
        PaymentPlan.State.ENDED if plan.state == PaymentPlan.State.ACTIVE else PaymentPlan.State.REFUSED
    )
    plan.ended_at = timezone.now()
    plan.save(update_fields=["state", "ended_at"])


def visible_plans(user):
    """The payment arrangements `user` may see: those of the processes processes.access shows them."""
    return PaymentPlan.objects.filter(process__in=access.processes_for(user).values("pk"))
