"""Die Begehung vor Ort: the inspector (or the case worker) fills the protocol room by room on a phone,
adds photos, meters and keys; tenant and inspector sign on the spot; then the signed PDF is kept with the
process's documents, each defect the company fixes becomes a repair ticket, and the inspection step is
completed through processes.engine. Works for every step of kind "inspection" (pre_inspection,
final_inspection, the check_inspection of a home modification).

    inspection_for(process, step_code) -> Inspection     the active or last inspection of that step
    may_work(inspection, user) -> bool
    room_save(inspection, *, actor, index, items)        items: list of dicts (condition, note, ...)
    room_add(inspection, *, actor, name)
    facts_save(inspection, *, actor, meters, keys, remarks)
    photo_add(inspection, *, actor, room, item, image) -> Attachment
    problems(inspection) -> list[str]                    what still stops the signing
    protocol_sign(inspection, *, actor, role, seen_hash, image_png, party=None, ...) -> Signature
"""

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogs.models import CatalogItem
from tickets.actors import Actor
from tickets.attachments import attachment_store
from tickets.duplicates import link
from tickets.models import Attachment, Channel, Message
from tickets.services import ticket_create
from tickets.uploads import CleanImage

from . import access, engine, signatures
from .errors import ProcessError, StepNotActive, StepNotAllowed
from .inspection_models import Inspection
from .inspections import appointment_before, booked_slot, place_of
from .models import Process, ProcessStep, Role, Signature, StepKind
from .protocol import (
    COMPANY,
    CONDITIONS,
    FIXERS,
    METERS,
    TENANT,
    canonical,
    defects,
    new_protocol,
    new_room,
    protocol_hash,
    render_pdf,
)

MAX_ROOMS = 30
MAX_PHOTOS_PER_ITEM = 6


class ProtocolChanged(ProcessError):
    default_message = gettext_lazy(
        "Das Protokoll wurde geändert, seit es zur Unterschrift angezeigt wurde. Bitte lesen Sie es noch "
        "einmal und unterschreiben Sie dann erneut."
    )


class ProtocolClosed(ProcessError):
    default_message = gettext_lazy("Das Protokoll ist unterschrieben und kann nicht mehr geändert werden.")


class ProtocolInvalid(ProcessError):
    default_message = gettext_lazy("Die Angaben zum Protokoll sind nicht vollständig.")


def inspection_for(process: Process, step_code: str) -> Inspection | None:
    """The protocol of the step's active row, made on first use; else that of its last row (read-only)."""
    rows = ProcessStep.objects.filter(
        process=process, template__code=step_code, template__kind=StepKind.INSPECTION
    ).select_related("template")
    step = rows.filter(state=ProcessStep.State.ACTIVE).first() or (
        rows.filter(state=ProcessStep.State.DONE).order_by("-id").first()
    )
    if step is None:
        return None
    inspection = Inspection.objects.filter(step=step).select_related("inspector", "step__template").first()
    if inspection is None and step.state == ProcessStep.State.ACTIVE:
        # The inspector is the one of the time booked for this inspection's own appointment step (a swap
        # has two inspections, each with its own appointment and inspector).
        appointment = appointment_before(process, step_code)
        slot = booked_slot(process, appointment.code) if appointment is not None else None
        inspection, _created = Inspection.objects.get_or_create(
            step=step,
            defaults={
                "process": process,
                "protocol": new_protocol(),
                "inspector": slot.inspector if slot else None,
            },
        )
    if inspection is not None:
        inspection.process = process
    return inspection


def may_work(inspection: Inspection, user) -> bool:
    """The inspector of the process or the case worker, while the step is active and not yet signed."""
    if inspection.is_finished or inspection.step.state != ProcessStep.State.ACTIVE:
        return False
    return access.may_act(inspection.process, inspection.step, user)


def _locked(inspection: Inspection, actor: Actor) -> Inspection:
    fresh = Inspection.objects.select_for_update().select_related("step__template").get(pk=inspection.pk)
    if fresh.is_finished:
        raise ProtocolClosed()
    if fresh.step.state != ProcessStep.State.ACTIVE:
        raise StepNotActive()
    roles = access.roles_of_actor(inspection.process, actor)
    if not access.roles_may_act(roles, fresh.step):
        raise StepNotAllowed()
    fresh.process = inspection.process
    return fresh


def _store(inspection: Inspection, fresh: Inspection) -> None:
    fresh.revision += 1
    fresh.save(update_fields=["protocol", "revision", "updated_at"])
    inspection.protocol, inspection.revision = fresh.protocol, fresh.revision


def _room(protocol: dict, index: int) -> dict:
    rooms = protocol.get("rooms", [])
    if not 0 <= index < len(rooms):
        raise ProtocolInvalid(_("Diesen Raum gibt es im Protokoll nicht."))
    return rooms[index]


def _clean_item(current: dict, given: dict) -> dict:
    condition = given.get("condition", "")
    fixer = given.get("fixer", "")
    if condition not in CONDITIONS and condition != "":
        raise ProtocolInvalid(_("Bitte wählen Sie einen Zustand aus der Liste."))
    if fixer not in FIXERS and fixer != "":
        raise ProtocolInvalid(_("Bitte wählen Sie, wer den Mangel beseitigt."))
    deadline = (given.get("deadline") or "").strip()
    if deadline and parse_date(deadline) is None:
        raise ProtocolInvalid(_("Bitte geben Sie die Frist als Datum an."))
    code = (given.get("item") or "").strip()
    if code and not CatalogItem.objects.filter(code=code, active=True).exists():
        raise ProtocolInvalid(_("Bitte wählen Sie ein Anliegen aus der Liste."))
    is_defect = condition in ("defect", "missing")
    return {
        **current,
        "condition": condition,
        "note": (given.get("note") or "").strip()[:1000],
        "fixer": fixer if is_defect else "",
        "deadline": deadline if is_defect and fixer == TENANT else "",
        "item": code if is_defect and fixer == COMPANY else "",
    }


@transaction.atomic
def room_save(inspection: Inspection, *, actor: Actor, index: int, items: list[dict]) -> None:
    fresh = _locked(inspection, actor)
    room = _room(fresh.protocol, index)
    if len(items) != len(room["items"]):
        raise ProtocolInvalid(_("Der Raum wurde inzwischen geändert. Bitte laden Sie die Seite neu."))
    room["items"] = [_clean_item(current, given) for current, given in zip(room["items"], items, strict=True)]
    _store(inspection, fresh)


@transaction.atomic
def room_add(inspection: Inspection, *, actor: Actor, name: str) -> None:
    fresh = _locked(inspection, actor)
    name = name.strip()[:80]
    if not name:
        raise ProtocolInvalid(_("Bitte geben Sie den Namen des Raums an."))
    rooms = fresh.protocol.setdefault("rooms", [])
    if len(rooms) >= MAX_ROOMS:
        raise ProtocolInvalid(_("Mehr Räume kann ein Protokoll nicht haben."))
    rooms.append(new_room(name))
    _store(inspection, fresh)


@transaction.atomic
def facts_save(
    inspection: Inspection, *, actor: Actor, meters: list[dict], keys: list[dict], remarks: str
) -> None:
    fresh = _locked(inspection, actor)
    clean_meters = []
    for meter in meters:
        if meter.get("kind") not in METERS:
            raise ProtocolInvalid(_("Bitte wählen Sie einen Zähler aus der Liste."))
        clean_meters.append(
            {
                "kind": meter["kind"],
                "number": (meter.get("number") or "").strip()[:40],
                "value": (meter.get("value") or "").strip()[:20],
            }
        )
    clean_keys = []
    for key in keys:
        kind = (key.get("kind") or "").strip()[:60]
        count = key.get("count")
        if not kind:
            continue
        if not isinstance(count, int) or not 0 <= count <= 99:
            raise ProtocolInvalid(_("Bitte geben Sie die Anzahl der Schlüssel als Zahl von 0 bis 99 an."))
        clean_keys.append({"kind": kind, "count": count})
    fresh.protocol["meters"] = clean_meters
    fresh.protocol["keys"] = clean_keys
    fresh.protocol["remarks"] = remarks.strip()[:4000]
    _store(inspection, fresh)


@transaction.atomic
def photo_add(inspection: Inspection, *, actor: Actor, room: int, item: int, image: CleanImage) -> Attachment:
    """A photo of an item, checked by tickets.uploads, kept on the process's ticket for staff."""
    fresh = _locked(inspection, actor)
    items = _room(fresh.protocol, room)["items"]
    if not 0 <= item < len(items):
        raise ProtocolInvalid(_("Dieses Bauteil gibt es im Protokoll nicht."))
    if len(items[item]["photos"]) >= MAX_PHOTOS_PER_ITEM:
        raise ProtocolInvalid(_("Höchstens %(n)d Fotos je Bauteil.") % {"n": MAX_PHOTOS_PER_ITEM})
    attachment = attachment_store(
        ticket=inspection.process.ticket,
        content=image.content,
        name=image.name,
        content_type=image.content_type,
        actor=actor,
        is_public=False,
        thumbnail=image.thumbnail,
    )
    items[item]["photos"].append(attachment.pk)
    _store(inspection, fresh)
    return attachment


def problems(inspection: Inspection) -> list[str]:
    """What must be filled in before anyone signs, in the reader's language."""
    found = []
    for room, item in defects(inspection.protocol or {}):
        where = f"{room['name']}: {item['name']}"
        if not item.get("fixer"):
            found.append(_("%(where)s: Bitte wählen Sie, wer den Mangel beseitigt.") % {"where": where})
        elif item["fixer"] == TENANT and not item.get("deadline"):
            found.append(_("%(where)s: Bitte geben Sie die Frist für den Mieter an.") % {"where": where})
        elif item["fixer"] == COMPANY and not item.get("item"):
            found.append(
                _("%(where)s: Bitte wählen Sie das Anliegen für den Reparaturauftrag.") % {"where": where}
            )
    return found


def valid_signatures(inspection: Inspection) -> list[Signature]:
    """The signatures given on the protocol as it is now (one given before a change no longer counts)."""
    current = protocol_hash(inspection)
    rows = Signature.objects.filter(step=inspection.step, document_hash=current).select_related(
        "party", "user", "process__template"
    )
    return list(rows)


@transaction.atomic
def protocol_sign(
    inspection: Inspection,
    *,
    actor: Actor,
    role: str,
    seen_hash: str,
    image_png: bytes,
    party=None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Signature:
    """One signature on the spot: the tenant's (party, on the inspector's phone) or the inspector's own
    (the signed-in staff user). Refused when the protocol changed since the signer saw it. After both,
    the protocol is finished (`_finish`)."""
    fresh = _locked(inspection, actor)
    open_points = problems(fresh)
    if open_points:
        raise ProtocolInvalid(open_points[0])
    current = protocol_hash(fresh)
    if seen_hash != current:
        raise ProtocolChanged()
    signatures.check_png(image_png)
    label = f"{fresh.step.template.label} {inspection.process.ticket.reference}"
    if role == Role.TENANT:
        if party is None or party not in access.tenants_of(inspection.process):
            raise ProtocolInvalid(_("Bitte wählen Sie, wer für die Mieter unterschreibt."))
        signature = signatures.sign(
            canonical(fresh), document_label=label, signer_name=party.display_name, role=Role.TENANT,
            party=party, process=inspection.process, step=fresh.step, ip_address=ip_address,
            user_agent=user_agent, image_png=image_png,
        )  # fmt: skip
    elif role == Role.INSPECTOR and actor.user is not None and actor.user.is_staff:
        signature = signatures.sign(
            canonical(fresh), document_label=label, signer_name=actor.user.get_full_name() or str(actor.user),
            role=Role.INSPECTOR, user=actor.user, process=inspection.process, step=fresh.step,
            ip_address=ip_address, user_agent=user_agent, image_png=image_png,
        )  # fmt: skip
    else:
        raise StepNotAllowed()
    given = {s.role for s in valid_signatures(fresh)}
    if {Role.TENANT, Role.INSPECTOR} <= given:
        _finish(inspection, fresh, actor=actor)
    return signature


def _finish(inspection: Inspection, fresh: Inspection, *, actor: Actor) -> None:
    """Both have signed: open a repair ticket per company defect, linked with the process's ticket; keep
    the signed PDF with the process's documents (on a message, so the mail to the tenant carries it);
    complete the step."""
    process = inspection.process
    ticket = process.ticket
    signed = sorted(valid_signatures(fresh), key=lambda s: (s.role != Role.TENANT, s.signed_at))
    items = {c.code: c for c in CatalogItem.objects.filter(code__in=_company_item_codes(fresh.protocol))}
    step_label = fresh.step.template.label
    place = place_of(process, fresh.step.template.code)
    for room, item in defects(fresh.protocol):
        if item.get("fixer") != COMPANY or item.get("ticket"):
            continue
        child = ticket_create(
            actor=actor,
            item=items[item["item"]],
            prop=place.prop,
            unit=place.unit,
            description=_("%(room)s, %(item)s: %(note)s (Mangel aus %(step)s zu Vorgang %(reference)s)")
            % {
                "room": room["name"],
                "item": item["name"],
                "note": item.get("note") or CONDITIONS[item["condition"]],
                "step": step_label,
                "reference": ticket.reference,
            },
            channel=Channel.STAFF,
            reporter=ticket.reporter,
        )
        # Linked both ways, so the repair's case worker sees the process and the process page its repairs.
        link(child, actor=actor, to=ticket)
        item["ticket"] = child.reference
    fresh.finished_at = timezone.now()
    pdf = render_pdf(fresh, signatures=signed)
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.EMAIL_OUT,
        author=actor.user if actor.user is not None and actor.user.pk else None,
        author_label=actor.label[:200],
        body=_("%(step)s: das unterschriebene Protokoll") % {"step": step_label},
    )
    name = f"{'Vorabnahmeprotokoll' if fresh.step.template.code == 'pre_inspection' else 'Abnahmeprotokoll'}"
    document = attachment_store(
        ticket=ticket,
        content=pdf,
        name=f"{name}-{ticket.reference}.pdf",
        content_type="application/pdf",
        actor=actor,
        is_public=True,
        message=message,
    )
    fresh.document = document
    fresh.document_sha256 = signatures.document_hash(pdf)
    fresh.revision += 1
    fresh.save()
    inspection.__dict__.update(
        finished_at=fresh.finished_at,
        document=document,
        document_sha256=fresh.document_sha256,
        protocol=fresh.protocol,
    )
    outcomes = fresh.step.template.outcomes or {}
    outcome = ""
    if outcomes:
        outcome = "defects" if defects(fresh.protocol) and "defects" in outcomes else "passed"
        outcome = outcome if outcome in outcomes else next(iter(outcomes))
    engine.complete(
        process,
        fresh.step.template.code,
        actor=actor,
        outcome=outcome,
        data={
            f"{fresh.step.template.code}_protocol": document.pk,
            f"{fresh.step.template.code}_sha256": protocol_hash(fresh),
        },
    )


def _company_item_codes(protocol: dict) -> list[str]:
    return [
        item["item"] for _room, item in defects(protocol) if item.get("fixer") == COMPANY and item.get("item")
    ]
