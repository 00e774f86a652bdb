"""Late instalments (Ratenverzug), run daily by Celery beat (payments.tasks.check_instalments):

1. an open instalment of a running plan whose due date lies more than `grace_days` back becomes late;
   the tenant is reminded (mail, or a letter for those who want post) and the timeline says so;
2. still late `escalate_days` after that, the case worker is told (a timeline row and their
   notification, the team lead's when nobody is assigned).

Settings: PAYMENT_PLANS = {"grace_days": 5, "escalate_days": 14}. Each instalment is changed under a row
lock and only once per stage, so a second run the same day sends nothing twice. Pass `today` to run the
check for another day (the tests do)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from processes.timeline import record_process
from tickets.actors import Actor

from .models import Instalment, PaymentPlan
from .signals import instalment_escalated, instalment_late

DEFAULTS = {"grace_days": 5, "escalate_days": 14}


def setting(name: str) -> int:
    return int({**DEFAULTS, **getattr(settings, "PAYMENT_PLANS", {})}[name])


def check_instalments(*, today: dt.date | None = None, batch_size: int = 500) -> tuple[int, int]:
    """(instalments newly late, instalments escalated to the case worker)."""
    today = today or timezone.localdate()
    running = Instalment.objects.filter(plan__state=PaymentPlan.State.ACTIVE)
    overdue = running.filter(
        state=Instalment.State.PLANNED, due_date__lt=today - dt.timedelta(days=setting("grace_days"))
    )
    late = sum(_mark_late(pk, today=today) for pk in list(overdue.values_list("pk", flat=True)[:batch_size]))
    stuck = running.filter(
        state=Instalment.State.LATE,
        staff_told_at=None,
        late_since__lte=today - dt.timedelta(days=setting("escalate_days")),
    )
    told = sum(_escalate(pk, today=today) for pk in list(stuck.values_list("pk", flat=True)[:batch_size]))
    return late, told


def _locked(pk: int) -> Instalment:
    return (
        Instalment.objects.select_for_update(of=("self",))
        .select_related("plan__party", "plan__process__ticket", "plan__process__template")
        .get(pk=pk)
    )


def record_row(
    instalment: Instalment, *, action: str, actor: Actor | None = None, public: bool = True, **data
) -> None:
    """A timeline row on the plan's process: what happened to which instalment. The row keeps the number,
    amount and days (tickets.event_text writes them in the reader's language); `public=False` keeps it
    among staff. A row written by the ERP through the API reads as the company's to the tenant."""
    process = instalment.plan.process
    actor = actor or Actor.system()
    if actor.is_staff and actor.user is None:
        data["by_integration"] = True
    record_process(
        process,
        action=action,
        actor=actor,
        # Without its step a row is staff-only (processes.timeline: only whole-process rows go public).
        step=process.current_step if public else None,
        instalment=instalment.number,
        instalment_amount=str(instalment.amount),
        due_on=instalment.due_date.isoformat(),
        **data,
    )


@transaction.atomic
def _mark_late(pk: int, *, today: dt.date) -> int:
    instalment = _locked(pk)
    if instalment.state != Instalment.State.PLANNED or instalment.plan.state != PaymentPlan.State.ACTIVE:
        return 0
    instalment.state = Instalment.State.LATE
    instalment.late_since = today
    instalment.tenant_reminded_at = timezone.now()
    instalment.save(update_fields=["state", "late_since", "tenant_reminded_at", "updated_at"])
    record_row(instalment, action="instalment_late")
    instalment_late.send(sender=Instalment, instalment=instalment)
    return 1


@transaction.atomic
def _escalate(pk: int, *, today: dt.date) -> int:
    instalment = _locked(pk)
    if instalment.state != Instalment.State.LATE or instalment.staff_told_at is not None:
        return 0
    instalment.staff_told_at = timezone.now()
    instalment.save(update_fields=["staff_told_at", "updated_at"])
    # The case worker's matter (their mail says what to do); the tenant had their reminder.
    record_row(
        instalment, action="instalment_escalated", public=False, days=(today - instalment.due_date).days
    )
    instalment_escalated.send(sender=Instalment, instalment=instalment)
    return 1
