"""The one door for Zusatzleistungen. A booking is a process (template `zusatzleistung`), a notice another
(`zusatzleistung_kuendigung`); staff confirm or refuse either in its `confirmation` step, on our staff
page or the generic process page, and the agreement follows (on_confirmation_step).

    home_of, offered_services, offered_service, free_units, free_units_any, free_unit_counts
                                                         what is offered and free (subscriptions.offer)
    subscription_book(*, party, service, starts_on, actor, unit=None) -> Subscription
    notice_earliest_end(subscription, *, today=None) -> date
    subscription_cancel(subscription, *, actor, ends_on) -> Subscription
    subscription_decide(subscription, *, actor, confirm, reason="", version=None) -> Subscription
    end_due_subscriptions(today=None) -> int             agreements whose end has passed are ended
    end_with_tenancy(*, parties, prop, last_day, actor)  the tenancy ends: its agreements end with it
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Property, Unit
from processes import access, engine
from processes.errors import StaleProcess
from processes.models import Process, ProcessStep, Role
from tickets.actors import Actor
from tickets.errors import ReasonRequired, TicketError

from . import dates
from .models import Service, Subscription, SubscriptionChange
from .offer import (  # noqa: F401  (the pages ask here, as for every rule of Zusatzleistungen)
    free_unit_counts,
    free_units,
    free_units_any,
    holding_now,
    home_of,
    offered_service,
    offered_services,
)
from .signals import subscription_changed
from .standard import BOOKING, CANCELLATION, CONFIRMATION, CONFIRMED, NOTICE, REFUSED, REQUEST


class SubscriptionError(TicketError):
    default_message = _("Diese Zusatzvereinbarung wartet gerade auf keine Entscheidung.")


class UnitTaken(SubscriptionError):
    default_message = _(
        "Dieser Platz ist leider gerade vergeben worden. Bitte wählen Sie einen anderen oder fragen Sie "
        "uns nach einer Warteliste."
    )


class AlreadyBooked(SubscriptionError):
    default_message = _("Diese Leistung haben Sie bereits gebucht oder Ihre Buchung wartet auf Bestätigung.")


class NoticePending(SubscriptionError):
    default_message = _("Diese Zusatzvereinbarung ist bereits gekündigt oder läuft nicht.")


def _by(actor: Actor) -> str:
    return actor.label if actor.kind != "system" else "System"


def _record(
    subscription: Subscription, kind: str, *, actor: Actor, effective_on=None, note: str = ""
) -> SubscriptionChange:
    now = timezone.now()
    change = SubscriptionChange.objects.create(
        subscription=subscription, kind=kind, effective_on=effective_on, note=note, by=_by(actor), at=now
    )
    subscription.changed_at = now
    subscription.save()
    subscription_changed.send(sender=Subscription, subscription=subscription, change=change)
    return change


def _clean_unit(service: Service, prop: Property, unit_id, *, today: dt.date) -> Unit | None:
    """Lock the chosen unit, so two bookings of the last parking space queue here and the second one
    sees the first."""
    if not service.unit_kind:
        return None
    if not unit_id:
        raise ValidationError(_("Bitte wählen Sie einen freien Platz aus."), code="unit")
    unit = (
        Unit.objects.select_for_update()
        .filter(pk=unit_id, kind=service.unit_kind, building__property=prop)
        .first()
    )
    if unit is None:
        raise ValidationError(_("Bitte wählen Sie einen freien Platz aus."), code="unit")
    end_due_subscriptions(today=today, unit=unit)
    if not free_units(service, prop, today=today).filter(pk=unit.pk).exists():
        raise UnitTaken()
    return unit


@transaction.atomic
def subscription_book(
    *,
    party: Party,
    service: Service,
    starts_on: dt.date,
    actor: Actor,
    unit: Unit | int | None = None,
    today: dt.date | None = None,
) -> Subscription:
    """Raises ValidationError (start date, no unit chosen), UnitTaken and AlreadyBooked before anything
    is stored. Where the service needs no confirmation, the agreement is confirmed at once."""
    today = today or timezone.localdate()
    home = home_of(party)
    prop = home.unit.building.property if home else None
    if prop is None or not offered_services(prop).filter(pk=service.pk).exists():
        raise SubscriptionError(_("Diese Leistung wird in Ihrem Haus nicht angeboten."))
    dates.check_start(starts_on, today=today, monthly=service.monthly)
    if home.end is not None and starts_on > home.end:
        raise ValidationError(
            _("Ihr Mietverhältnis endet am %(date)s; bitte wählen Sie einen Beginn davor.")
            % {"date": date_format(home.end, "DATE_FORMAT")},
            code="start_after_tenancy",
        )
    Party.objects.select_for_update().filter(pk=party.pk).first()  # one booking of a service at a time
    if not service.unit_kind and holding_now(today).filter(party=party, service=service).exists():
        raise AlreadyBooked()
    taken = _clean_unit(service, prop, getattr(unit, "pk", unit), today=today)
    place = f" – {taken.get_kind_display()} {taken.number}" if taken else ""
    process = engine.start(
        BOOKING,
        actor=actor,
        reporter_party=party,
        parties={Role.TENANT: party},
        unit=home.unit,
        data={
            "service": service.code,
            "starts_on": starts_on.isoformat(),
            "monthly_price": str(service.monthly_price),
            "unit": taken.pk if taken else None,
        },
        description=f"{service.name_de}{place} ab {date_format(starts_on, 'd.m.Y')}",
    )
    try:
        with transaction.atomic():
            subscription = Subscription.objects.create(
                process=process,
                party=party,
                service=service,
                property=prop,
                unit=taken,
                starts_on=starts_on,
                monthly_price=service.monthly_price,
                vat_rate=service.vat_rate,
                minimum_term_months=service.minimum_term_months,
                notice_months=service.notice_months,
                changed_at=timezone.now(),
            )
    except IntegrityError:  # the constraint, should another path have skipped the lock
        raise UnitTaken() from None
    _record(subscription, SubscriptionChange.Kind.REQUESTED, actor=actor, effective_on=starts_on)
    engine.complete(process, REQUEST, actor=actor)
    if not service.needs_confirmation:
        engine.complete(process, CONFIRMATION, actor=Actor.system(), outcome=CONFIRMED)
        subscription.refresh_from_db()
    return subscription


def notice_earliest_end(subscription: Subscription, *, today: dt.date | None = None) -> dt.date:
    """The earliest lawful end of a notice given today (the price and terms of the day it was booked)."""
    return dates.earliest_end(
        starts_on=subscription.starts_on,
        received_on=today or timezone.localdate(),
        notice_months=subscription.notice_months,
        minimum_term_months=subscription.minimum_term_months,
        monthly=subscription.service.monthly,
    )


@transaction.atomic
def subscription_cancel(
    subscription: Subscription, *, actor: Actor, ends_on: dt.date, today: dt.date | None = None
) -> Subscription:
    """The tenant's notice to `ends_on`. Raises ValidationError (earlier than the lawful end, not a
    month's end) and NoticePending before anything is stored."""
    today = today or timezone.localdate()
    locked = Subscription.objects.select_for_update().select_related("service").get(pk=subscription.pk)
    if locked.state != Subscription.State.ACTIVE or locked.requested_end or locked.ends_on:
        raise NoticePending()
    earliest = notice_earliest_end(locked, today=today)
    dates.check_end(ends_on, earliest=earliest, monthly=locked.service.monthly)
    process = engine.start(
        CANCELLATION,
        actor=actor,
        reporter_party=locked.party,
        parties={Role.TENANT: locked.party},
        unit=locked.unit or home_unit(locked.party),
        prop=locked.property,
        data={
            "subscription": locked.pk,
            "booking": locked.reference,
            "received_on": today.isoformat(),
            "ends_on": ends_on.isoformat(),
            "earliest_end": earliest.isoformat(),
        },
        description=f"Kündigung {locked.service.name_de} zum {date_format(ends_on, 'd.m.Y')}",
    )
    locked.cancel_process = process
    locked.notice_received_on = today
    locked.requested_end = ends_on
    _record(locked, SubscriptionChange.Kind.NOTICE_GIVEN, actor=actor, effective_on=ends_on)
    engine.complete(process, NOTICE, actor=actor)
    if not locked.service.needs_confirmation:
        engine.complete(process, CONFIRMATION, actor=Actor.system(), outcome=CONFIRMED)
    locked.refresh_from_db()
    return locked


def home_unit(party: Party) -> Unit | None:
    home = home_of(party)
    return home.unit if home else None


def awaiting_process(subscription: Subscription) -> Process | None:
    """The process whose confirmation staff are asked for: the booking, or the notice."""
    if subscription.state == Subscription.State.REQUESTED:
        return subscription.process
    if subscription.notice_pending:
        return subscription.cancel_process
    return None


@transaction.atomic
def subscription_decide(
    subscription: Subscription, *, actor: Actor, confirm: bool, reason: str = "", version: int | None = None
) -> Subscription:
    """Staff confirm or refuse what waits (the booking or the notice). `version` is the process version
    the page showed: a decision on a page someone else has meanwhile changed is refused (StaleProcess)."""
    reason = reason.strip()
    if not confirm and not reason:
        raise ValidationError(_("Bitte geben Sie eine Begründung an."), code="reason")
    process = awaiting_process(subscription)
    if process is None:
        if version is not None:  # decided meanwhile on another page
            raise StaleProcess()
        raise SubscriptionError()
    engine.complete(
        process,
        CONFIRMATION,
        actor=actor,
        outcome=CONFIRMED if confirm else REFUSED,
        data={"reason": reason},
        version=version,
    )
    subscription.refresh_from_db()
    return subscription


def on_confirmation_step(*, process: Process, step: ProcessStep, actor: Actor) -> None:
    """A confirmation step ended, on our page or the generic process page: the agreement follows."""
    confirmed = step.outcome == CONFIRMED
    reason = str((step.data or {}).get("reason") or (step.data or {}).get("note") or "").strip()
    if not confirmed and not reason:
        raise ReasonRequired()
    if process.template.code == BOOKING:
        _decide_booking(process, confirmed=confirmed, reason=reason, actor=actor)
    elif process.template.code == CANCELLATION:
        _decide_notice(process, confirmed=confirmed, reason=reason, actor=actor)


def _decide_booking(process: Process, *, confirmed: bool, reason: str, actor: Actor) -> None:
    subscription = (
        Subscription.objects.select_for_update()
        .filter(process=process, state=Subscription.State.REQUESTED)
        .first()
    )
    if subscription is None:
        return
    subscription.state = Subscription.State.ACTIVE if confirmed else Subscription.State.REFUSED
    subscription.reason = "" if confirmed else reason
    subscription.decided_by = actor.user if actor.user is not None and actor.user.pk else None
    kind = SubscriptionChange.Kind.CONFIRMED if confirmed else SubscriptionChange.Kind.REFUSED
    _record(subscription, kind, actor=actor, effective_on=subscription.starts_on, note=reason)


def _decide_notice(process: Process, *, confirmed: bool, reason: str, actor: Actor) -> None:
    subscription = Subscription.objects.select_for_update().filter(cancel_process=process).first()
    if subscription is None or subscription.requested_end is None:
        return
    end = subscription.requested_end
    subscription.requested_end = None
    subscription.decided_by = actor.user if actor.user is not None and actor.user.pk else None
    if confirmed:
        subscription.ends_on = end
        subscription.reason = ""
        _record(subscription, SubscriptionChange.Kind.NOTICE_CONFIRMED, actor=actor, effective_on=end)
    else:
        subscription.notice_received_on = None
        subscription.reason = reason
        _record(subscription, SubscriptionChange.Kind.NOTICE_REFUSED, actor=actor, note=reason)


def on_process_cancelled(*, process: Process, actor: Actor) -> None:
    """Staff cancelled the process: a booking is withdrawn (its unit is free again), a notice dropped."""
    if process.template.code == BOOKING:
        subscription = Subscription.objects.filter(
            process=process, state=Subscription.State.REQUESTED
        ).first()
        if subscription is not None:
            subscription.state = Subscription.State.WITHDRAWN
            _record(subscription, SubscriptionChange.Kind.WITHDRAWN, actor=actor)
    elif process.template.code == CANCELLATION:
        subscription = Subscription.objects.filter(cancel_process=process).exclude(requested_end=None).first()
        if subscription is not None:
            subscription.requested_end = None
            subscription.notice_received_on = None
            _record(subscription, SubscriptionChange.Kind.NOTICE_WITHDRAWN, actor=actor)


def end_with_tenancy(*, parties, prop: Property, last_day: dt.date, actor: Actor) -> int:
    """The tenancy at `prop` ends on `last_day` (its Kündigung is confirmed): every running agreement of
    these tenants there ends that day at the latest, a notice still waiting is overtaken by it, and so is
    a booking still waiting. Returns how many agreements it changed."""
    ended = 0
    running = Subscription.objects.select_for_update().filter(
        party__in=parties, property=prop, state=Subscription.State.ACTIVE
    )
    for subscription in running.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=last_day)):
        waiting_notice = subscription.cancel_process if subscription.requested_end else None
        subscription.ends_on = max(last_day, subscription.starts_on)
        subscription.requested_end = None
        # Any notice of its own is overtaken: no Kündigungsbestätigung belongs to this end.
        subscription.notice_received_on = None
        _record(
            subscription, SubscriptionChange.Kind.TENANCY_ENDS, actor=actor, effective_on=subscription.ends_on
        )
        if waiting_notice is not None and waiting_notice.state in OPEN_PROCESS:
            # Nothing is left for staff to decide: close the notice's process, so it leaves their queue.
            engine.cancel(
                waiting_notice,
                actor=Actor.system(),
                reason=str(_("Die Zusatzvereinbarung endet mit dem Mietverhältnis.")),
            )
        ended += 1
    # Bookings still waiting for staff: one that would begin after the last day is withdrawn (its space is
    # free again); one that begins before gets the tenancy's end as its own.
    waiting = Subscription.objects.select_for_update().filter(
        party__in=parties, property=prop, state=Subscription.State.REQUESTED
    )
    for subscription in waiting:
        if subscription.starts_on > last_day:
            engine.cancel(
                subscription.process,
                actor=Actor.system(),
                reason=str(_("Die Leistung hätte erst nach dem Ende des Mietverhältnisses begonnen.")),
            )
        elif subscription.ends_on is None or subscription.ends_on > last_day:
            subscription.ends_on = last_day
            _record(subscription, SubscriptionChange.Kind.TENANCY_ENDS, actor=actor, effective_on=last_day)
        ended += 1
    return ended


OPEN_PROCESS = (Process.State.RUNNING, Process.State.WAITING)


@transaction.atomic
def end_due_subscriptions(*, today: dt.date | None = None, unit: Unit | None = None) -> int:
    """Agreements whose last day has passed are ended (the ERP reads the change); idempotent."""
    today = today or timezone.localdate()
    due = Subscription.objects.filter(state=Subscription.State.ACTIVE, ends_on__lt=today)
    if unit is not None:
        due = due.filter(unit=unit)
    ended = 0
    for subscription in due.select_for_update(skip_locked=True):
        subscription.state = Subscription.State.ENDED
        _record(
            subscription,
            SubscriptionChange.Kind.ENDED,
            actor=Actor.system(),
            effective_on=subscription.ends_on,
        )
        ended += 1
    return ended


def visible_subscriptions(user):
    """The agreements `user` may see: those whose booking processes.access shows them."""
    return Subscription.objects.filter(process__in=access.processes_for(user).values("pk"))
