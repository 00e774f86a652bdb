"""Termine für Begehungen: staff offer times for an appointment step (pre_inspection_appointment,
final_inspection_appointment, or any step of kind "appointment" followed by an inspection); the tenant
books one in the portal, or the case worker books it for them by phone. A booking is an Appointment in
the inspector's calendar (tickets.agenda, so the calendar page and the iCal feed show it) and completes
the appointment step through processes.engine. The protocol itself is processes.protocol.

    appointment_step(process, step_code) -> StepTemplate        an appointment step of the process, else 404
    inspection_after(process, step_code) -> StepTemplate | None  the inspection the appointment is for
    appointment_before(process, step_code) -> StepTemplate | None   the appointment that books an inspection
    inspected_units({inspection_code: Unit}) -> dict              data to start a process whose inspections
                                                                  are not all of the ticket's home (the swap)
    place_of(process, step_code) -> Place / places_of(pairs)      the home an appointment or inspection is of
    slot_publish(process, *, actor, step_code, inspector, starts_at, ends_at) -> InspectionSlot
    slot_withdraw(slot, *, actor) -> None                        a time not booked yet
    slot_book(process, *, slot_id, actor, version=None) -> InspectionSlot
    free_slots(process, step_code) / booked_slot(process, step_code)
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.models import Property, Unit
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


def appointment_before(process: Process, step_code: str) -> StepTemplate | None:
    """The appointment step that books the inspection `step_code` (the one `inspection_after` leads to it);
    None for an inspection without its own appointment."""
    templates = sorted(process.template.steps.all(), key=lambda t: (t.position, t.pk))
    appointment = None
    for template in templates:
        if template.kind == StepKind.APPOINTMENT:
            appointment = template
        elif template.kind == StepKind.INSPECTION:
            if template.code == step_code:
                return appointment
            appointment = None
    return None


# --- which home: one door ----------------------------------------------------------------------------

# process.data key: {inspection step code: unit pk} for the steps that do not inspect the ticket's home.
INSPECTED_UNITS = "inspected_units"


def inspected_units(units: dict[str, Unit | None]) -> dict:
    """The data to start a process with (engine.start(data=...)) when its inspection steps are not all of
    the ticket's home: {inspection step code: the unit it inspects}. The home swap names both homes here;
    a step not named (a Kündigung's, a modification's) inspects the ticket's unit."""
    return {INSPECTED_UNITS: {code: unit.pk for code, unit in units.items() if unit is not None}}


@dataclass(frozen=True)
class Place:
    """The home an inspection is of: its unit (None for a ticket without one), its property, and the text
    every page, mail and calendar entry shows."""

    unit: Unit | None
    prop: Property
    text: str

    @property
    def location(self) -> str:
        """The calendar's and the iCal event's location: "Liegenschaft, Wohnung"."""
        return f"{self.prop}, {self.text}" if self.unit is not None else str(self.prop)


def _inspection_code(process: Process, step_code: str) -> str:
    """An inspection's own code, or that of the inspection an appointment step books."""
    step = next((t for t in process.template.steps.all() if t.code == step_code), None)
    if step is not None and step.kind == StepKind.APPOINTMENT:
        following = inspection_after(process, step_code)
        return following.code if following else step_code
    return step_code


def places_of(pairs: list[tuple[Process, str]]) -> list[Place]:
    """The home of each (process, appointment or inspection step code), in one query for the units a
    process names for its steps; the others are the ticket's unit (select_related it for lists)."""
    wanted = []
    for process, code in pairs:
        named = (process.data or {}).get(INSPECTED_UNITS)
        wanted.append(named.get(_inspection_code(process, code)) if named else None)
    ids = {pk for pk in wanted if pk is not None}
    units = Unit.objects.select_related("building__property").in_bulk(ids) if ids else {}
    places = []
    for (process, _code), pk in zip(pairs, wanted, strict=True):
        ticket = process.ticket
        unit = units.get(pk) if pk is not None else (ticket.unit if ticket.unit_id else None)
        if unit is not None:
            places.append(Place(unit=unit, prop=unit.property, text=str(unit)))
        else:
            places.append(Place(unit=None, prop=ticket.property, text=ticket.place_display))
    return places


def place_of(process: Process, step_code: str) -> Place:
    return places_of([(process, step_code)])[0]


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


def booked_slot_by_id(process: Process, slot_id: int) -> InspectionSlot | None:
    """A booked time of this process by its id (the tenant's calendar file), else None."""
    return (
        InspectionSlot.objects.filter(process=process, pk=slot_id, booked_at__isnull=False)
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
        location=place_of(process, slot.step_code).location,
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
