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
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

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


def describe(instalment: Instalment) -> str:
    """The instalment in one line of the timeline, in the staff's language (the default)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Rate %(number)s über %(amount)s €, fällig am %(date)s") % {
            "number": instalment.number,
            "amount": formats.number_format(instalment.amount, 2, force_grouping=True),
            "date": formats.date_format(instalment.due_date, "DATE_FORMAT"),
        }


def record_row(instalment: Instalment, *, action: str, text: str, actor: Actor | None = None) -> None:
    """A timeline row on the plan's process: what happened to which instalment (staff read the text)."""
    process = instalment.plan.process
    record_process(
        process,
        action=action,
        actor=actor or Actor.system(),
        step=process.current_step,
        reason=str(text),
        instalment=instalment.number,
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
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(instalment)s: überfällig, Mieter/in erinnert") % {"instalment": describe(instalment)}
    record_row(instalment, action="instalment_late", text=text)
    instalment_late.send(sender=Instalment, instalment=instalment)
    return 1


@transaction.atomic
def _escalate(pk: int, *, today: dt.date) -> int:
    instalment = _locked(pk)
    if instalment.state != Instalment.State.LATE or instalment.staff_told_at is not None:
        return 0
    instalment.staff_told_at = timezone.now()
    instalment.save(update_fields=["staff_told_at", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(instalment)s: seit %(days)s Tagen überfällig, bitte Kontakt aufnehmen") % {
            "instalment": describe(instalment),
            "days": (today - instalment.due_date).days,
        }
    record_row(instalment, action="instalment_escalated", text=text)
    instalment_escalated.send(sender=Instalment, instalment=instalment)
    return 1
