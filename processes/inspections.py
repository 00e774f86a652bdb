"""Termine für Begehungen: staff offer times for an appointment step (pre_inspection_appointment,
final_inspection_appointment, or any step of kind "appointment" followed by an inspection); the tenant
books one in the portal, or the case worker books it for them by phone. A booking is an Appointment in
the inspector's calendar (tickets.agenda, so the calendar page and the iCal feed show it) and completes
the appointment step through processes.engine. The protocol itself is processes.protocol.

    appointment_step(process, step_code) -> StepTemplate        an appointment step of the process, else 404
    inspection_after(process, step_code) -> StepTemplate | None  the inspection the appointment is for
    slot_publish(process, *, actor, step_code, inspector, starts_at, ends_at) -> InspectionSlot
    slot_withdraw(slot, *, actor) -> None                        a time not booked yet
    slot_book(process, *, slot_id, actor, version=None) -> InspectionSlot
    free_slots(process, step_code) / booked_slot(process, step_code)
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import agenda
from tickets.actors import Actor
from tickets.workspace import Appointment

from . import access, engine
from .errors import ProcessError, StepNotActive, StepNotAllowed
from .inspection_models import InspectionSlot
from .models import Process, ProcessStep, Role, StepKind, StepTemplate

# Staff offered a time for an appointment step (sender=InspectionSlot, process, slot): the tenants are
# invited to choose (notifications.process_mail.inspections), once per step.
slot_offered = Signal()

# Offers further out than this are a typing error more often than a plan.
LATEST_AHEAD = dt.timedelta(days=366)


class SlotTaken(ProcessError):
    default_message = gettext_lazy(
        "Dieser Termin ist inzwischen vergeben. Bitte wählen Sie einen anderen der freien Termine."
    )


class SlotInvalid(ProcessError):
    default_message = gettext_lazy("Dieser Termin ist nicht möglich.")


def appointment_step(process: Process, step_code: str) -> StepTemplate | None:
    return next(
        (t for t in process.template.steps.all() if t.code == step_code and t.kind == StepKind.APPOINTMENT),
        None,
    )


def inspection_after(process: Process, step_code: str) -> StepTemplate | None:
    """The inspection an appointment step books: the next step of kind inspection after it."""
    templates = list(process.template.steps.all())
    start = next((t for t in templates if t.code == step_code), None)
    if start is None:
        return None
    later = [t for t in templates if (t.position, t.pk) > (start.position, start.pk)]
    return next((t for t in later if t.kind == StepKind.INSPECTION), None)


def booking_codes(templates) -> set[str]:
    """The appointment steps among `templates` (in process order) that book an inspection: an inspection
    follows them. A nuisance case's talk is an appointment too, but nobody books it as a time here."""
    templates = sorted(templates, key=lambda t: (t.position, t.pk))
    codes, inspection_later = set(), False
    for template in reversed(templates):  # from the last step back: is an inspection still to come?
        if template.kind == StepKind.APPOINTMENT and inspection_later:
            codes.add(template.code)
        inspection_later = inspection_later or template.kind == StepKind.INSPECTION
    return codes


def free_slots(process: Process, step_code: str, *, now: dt.datetime | None = None) -> list[InspectionSlot]:
    now = now or timezone.now()
    rows = InspectionSlot.objects.filter(
        process=process, step_code=step_code, booked_at=None, starts_at__gt=now
    )
    return list(rows.select_related("inspector"))


def booked_slot(process: Process, step_code: str) -> InspectionSlot | None:
    return (
        InspectionSlot.objects.filter(process=process, step_code=step_code, booked_at__isnull=False)
        .select_related("inspector")
        .first()
    )


def _staff_on_case(process: Process, actor: Actor) -> bool:
    return bool(access.roles_of_actor(process, actor) & {Role.CASE_WORKER, Role.SYSTEM})


@transaction.atomic
def slot_publish(
    process: Process,
    *,
    actor: Actor,
    step_code: str,
    inspector,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime | None = None,
) -> InspectionSlot:
    """Offer a time; the inspector is named in the process (role inspector) so the inspection is theirs."""
    now = now or timezone.now()
    if not _staff_on_case(process, actor) or not process.is_running:
        raise StepNotAllowed()
    if appointment_step(process, step_code) is None:
        raise SlotInvalid()
    if inspector is None or not inspector.is_staff or not inspector.is_active:
        raise SlotInvalid(_("Bitte wählen Sie, wer die Abnahme macht."))
    if ends_at <= starts_at:
        raise SlotInvalid(_("Das Ende liegt vor dem Beginn."))
    if starts_at <= now:
        raise SlotInvalid(_("Der Termin liegt in der Vergangenheit."))
    if starts_at > now + LATEST_AHEAD:
        raise SlotInvalid(_("Der Termin liegt mehr als ein Jahr in der Zukunft."))
    engine.add_party(process, actor=actor, role=Role.INSPECTOR, user=inspector)
    slot = InspectionSlot.objects.create(
        process=process, step_code=step_code, inspector=inspector, starts_at=starts_at, ends_at=ends_at
    )
    slot_offered.send(sender=InspectionSlot, process=process, slot=slot)
    return slot


@transaction.atomic
def slot_withdraw(slot: InspectionSlot, *, actor: Actor) -> None:
    if not _staff_on_case(slot.process, actor):
        raise StepNotAllowed()
    deleted, _rows = InspectionSlot.objects.filter(pk=slot.pk, booked_at=None).delete()
    if not deleted:
        raise SlotTaken(_("Dieser Termin ist schon gebucht und kann nicht mehr zurückgezogen werden."))


def when_text(slot: InspectionSlot) -> str:
    """ "Di., 12.01.2027, 10:00–11:00 Uhr" in the active language."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    day = formats.date_format(start, "D, d.m.Y")
    return _("%(day)s, %(start)s–%(end)s Uhr") % {
        "day": day,
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


@transaction.atomic
def slot_book(
    process: Process,
    *,
    slot_id: int,
    actor: Actor,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> InspectionSlot:
    """Book a free time for the active appointment step. Race-safe: the process row is locked first, then
    the slot; a slot booked meanwhile, or another time of the same step booked meanwhile (the unique
    constraint), answers SlotTaken. The step is completed through the engine, which checks the actor."""
    now = now or timezone.now()
    Process.objects.select_for_update().filter(pk=process.pk).exists()
    slot = InspectionSlot.objects.select_for_update().filter(pk=slot_id, process=process).first()
    if slot is None:
        raise SlotTaken()
    if slot.booked_at is not None:
        raise SlotTaken()
    step = (
        ProcessStep.objects.filter(
            process=process, state=ProcessStep.State.ACTIVE, template__code=slot.step_code
        )
        .select_related("template")
        .first()
    )
    if step is None:
        raise StepNotActive()
    if slot.starts_at <= now:
        raise SlotTaken(_("Dieser Termin liegt schon in der Vergangenheit. Bitte wählen Sie einen anderen."))
    if not access.roles_may_act(access.roles_of_actor(process, actor), step):
        raise StepNotAllowed()
    slot.booked_at = now
    slot.booked_by_label = actor.label[:200]
    try:
        with transaction.atomic():
            slot.save(update_fields=["booked_at", "booked_by_label"])
    except IntegrityError as error:
        raise SlotTaken() from error
    ticket = process.ticket
    inspection = inspection_after(process, slot.step_code)
    title = inspection.label if inspection else step.template.label
    slot.appointment = agenda.appointment_create(
        ticket=ticket,
        kind=Appointment.Kind.INSPECTION,
        title=f"{title} {ticket.reference}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        user=slot.inspector,
        location=f"{ticket.property}, {ticket.unit}" if ticket.unit_id else str(ticket.property),
    )
    slot.save(update_fields=["appointment"])
    engine.complete(
        process,
        slot.step_code,
        actor=actor,
        version=version,
        data={f"{slot.step_code}_at": slot.starts_at.isoformat(), f"{slot.step_code}_slot": slot.pk},
        now=now,
    )
    return slot
