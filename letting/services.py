"""Vermietung: the one door for a new tenant's tenancy agreement. A letting is a process (template
"vermietung", letting.standard): staff or the allocation system (API) start it with the terms; the
agreement is rendered from templates (letting.contract_pdf); the new tenant signs it in the portal
(drawn signature over the SHA-256 of the exact PDF, processes.signatures); staff countersign; the final
PDF (both signature blocks, an audit page) is sealed with the company's certificate (letting.seal), kept
as the tenant's Document and on the ticket, and the Tenancy is created.

Stable public door (other apps call these; keep the signatures):

    start_letting(*, party, unit, start: date, rent_net: Decimal, operating_costs: Decimal,
                  deposit: Decimal, by, source="staff", external_id="") -> Process
        `by`: a tickets.actors.Actor (Actor.for_user(staff), Actor.for_integration(name)) or a staff User.
        `source`: "staff", "api" or "swap". Raises django ValidationError (German message; nothing stored)
        for bad terms: rent not positive, negative costs or deposit, a deposit above three net rents
        (§ 551 BGB), a start in the past, no e-mail address, a unit with an open letting. The Letting is
        `process.letting`; the tenant's invitation mail follows (signal letting_offered).
    seal_pdf(pdf_bytes: bytes, *, reason: str) -> bytes
        The PDF with the company's PAdES seal; raises SealNotConfigured without LEASE_SEAL_CERT.
    validate_seal(pdf_bytes: bytes) -> SealStatus
        .present / .intact / .trusted / .valid, .label "Siegel gültig" / "verändert" / "kein Siegel".

Further, for the pages and the API of this app:

    clean_terms(*, unit, start, rent_net, operating_costs, deposit) -> dict      raises ValidationError
    tenant_sign(letting, *, actor, contract_hash, image_png, version=None, ip_address=None, user_agent="")
    countersign(letting, *, actor, image_png=b"", version=None, ip_address=None, user_agent="")
    letting_seal_status(letting) -> SealStatus
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.fields import number_text
from estate.models import Document, Party, Tenancy, Unit
from processes import engine, signatures
from processes.errors import StaleProcess, StepNotAllowed
from processes.models import Process, Role
from tickets.actors import Actor
from tickets.attachments import attachment_store
from tickets.change_requests import may_decide
from tickets.errors import NotPermitted, TicketError
from tickets.models import Channel, Message

from . import contract_pdf
from .models import Letting
from .seal import SealNotConfigured, SealStatus, seal_configured, seal_pdf, validate_seal
from .signals import letting_concluded, letting_offered, letting_withdrawn
from .standard import COUNTERSIGNATURE, TEMPLATE, TENANT_SIGNATURE

__all__ = [
    "SealNotConfigured",
    "SealStatus",
    "clean_terms",
    "countersign",
    "letting_seal_status",
    "seal_configured",
    "seal_pdf",
    "start_letting",
    "tenant_sign",
    "validate_seal",
]

MAX_DEPOSIT_RENTS = 3  # § 551 Abs. 1 BGB: at most three months' net rent


class LettingNotOpen(TicketError):
    default_message = _("Dieser Mietvertrag wartet nicht auf diese Unterschrift.")


class ContractChanged(TicketError):
    default_message = _(
        "Der Mietvertrag wurde geändert, seit er Ihnen angezeigt wurde. Bitte lesen Sie ihn noch einmal "
        "und unterschreiben Sie dann erneut."
    )


class CountersignNotPermitted(TicketError):
    default_message = _(
        "Den Mietvertrag dürfen nur Kolleginnen und Kollegen mit dem Recht zur Freigabe gegenzeichnen."
    )


class SignatureMissing(TicketError):
    default_message = _(
        "Bitte unterschreiben Sie im Feld – oder geben Sie Ihren Namen so ein, wie er im Vertrag steht: "
        "%(name)s."
    )


def _same_name(typed: str, name: str) -> bool:
    return bool(typed.strip()) and " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class LettingPending(TicketError):
    default_message = _("Für diese Wohnung läuft bereits eine Vermietung, die noch nicht abgeschlossen ist.")


def parse_amount(value, *, field: str, label) -> Decimal:
    """An amount in euro as typed (German "1.837,50" too), or a ValidationError naming `label`."""
    if value is None or value == "":
        raise ValidationError(_("Bitte geben Sie %(what)s an.") % {"what": label}, code=field)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(number_text(value))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(
            _("%(what)s ist kein gültiger Betrag.") % {"what": label}, code=field
        ) from error
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= Decimal("10000000"):
        raise ValidationError(_("%(what)s ist kein gültiger Betrag.") % {"what": label}, code=field)
    return amount


def clean_terms(*, unit, start, rent_net, operating_costs, deposit, today: dt.date | None = None) -> dict:
    """The terms as stored, or a ValidationError with one German message naming what is wrong."""
    if not isinstance(unit, Unit):
        raise ValidationError(_("Bitte wählen Sie die Wohnung (Mieteinheit)."), code="unit")
    if not isinstance(start, dt.date):
        raise ValidationError(_("Bitte geben Sie den Mietbeginn an."), code="start")
    if start < (today or timezone.localdate()):
        raise ValidationError(_("Der Mietbeginn darf nicht in der Vergangenheit liegen."), code="start")
    rent = parse_amount(rent_net, field="rent_net", label=_("die Nettokaltmiete"))
    costs = parse_amount(operating_costs, field="operating_costs", label=_("die Betriebskostenvorauszahlung"))
    security = parse_amount(deposit, field="deposit", label=_("die Kaution"))
    if rent <= 0:
        raise ValidationError(_("Die Nettokaltmiete muss größer als 0 € sein."), code="rent_net")
    if costs < 0:
        raise ValidationError(
            _("Die Betriebskostenvorauszahlung darf nicht negativ sein."), code="operating_costs"
        )
    if security < 0:
        raise ValidationError(_("Die Kaution darf nicht negativ sein."), code="deposit")
    if security > rent * MAX_DEPOSIT_RENTS:
        raise ValidationError(
            _("Die Kaution darf höchstens drei Nettokaltmieten betragen (§ 551 BGB), hier also %(max)s €.")
            % {"max": contract_pdf.euro(rent * MAX_DEPOSIT_RENTS).removesuffix(" €")},
            code="deposit",
        )
    return {"unit": unit, "start": start, "rent_net": rent, "operating_costs": costs, "deposit": security}


def _actor(by) -> Actor:
    if isinstance(by, Actor):
        return by
    if by is not None and getattr(by, "is_staff", False):
        return Actor.for_user(by)
    raise NotPermitted


@transaction.atomic
def start_letting(
    *,
    party: Party,
    unit: Unit,
    start: dt.date,
    rent_net: Decimal,
    operating_costs: Decimal,
    deposit: Decimal,
    by,
    source: str = "staff",
    external_id: str = "",
) -> Process:
    actor = _actor(by)
    if not actor.is_staff:
        raise NotPermitted
    terms = clean_terms(
        unit=unit, start=start, rent_net=rent_net, operating_costs=operating_costs, deposit=deposit
    )
    if source not in Letting.Source.values:
        raise ValidationError(_("Unbekannte Herkunft der Vermietung."), code="source")
    if party is None or not (party.email or "").strip():
        raise ValidationError(
            _("Für die Unterschrift im Mieterportal braucht die Mieterin / der Mieter eine E-Mail-Adresse."),
            code="email",
        )
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one open letting per unit
    open_states = [Letting.State.OFFERED, Letting.State.TENANT_SIGNED]
    if Letting.objects.filter(unit=unit, state__in=open_states).exists():
        raise LettingPending()
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=party,
        parties={Role.TENANT: party},
        unit=unit,
        prop=unit.building.property,
        channel=Channel.STAFF,
        data={
            "start": terms["start"].isoformat(),
            "rent_net": str(terms["rent_net"]),
            "operating_costs": str(terms["operating_costs"]),
            "deposit": str(terms["deposit"]),
        },
        description=_("Mietvertrag für %(unit)s ab %(start)s")
        % {"unit": unit, "start": terms["start"].strftime("%d.%m.%Y")},
    )
    letting = Letting(
        process=process,
        party=party,
        contract_number=f"MV-{process.ticket.reference}",
        source=source,
        external_id=(external_id or "")[:100],
        created_by=actor.user if actor.user is not None and actor.user.pk else None,
        created_at=timezone.now(),
        **terms,
    )
    pdf = contract_pdf.contract_pdf(letting)
    letting.contract_hash = signatures.document_hash(pdf)
    letting.contract_pdf.save(f"Mietvertrag-{letting.contract_number}.pdf", ContentFile(pdf), save=False)
    letting.save()
    letting_offered.send(sender=Letting, letting=letting)
    return process


def _locked(letting: Letting) -> Letting:
    return Letting.objects.select_for_update().select_related("process", "party", "unit").get(pk=letting.pk)


def _contract_bytes(letting: Letting) -> bytes:
    with letting.contract_pdf.open("rb") as source:
        return source.read()


@transaction.atomic
def tenant_sign(
    letting: Letting,
    *,
    actor: Actor,
    contract_hash: str,
    image_png: bytes,
    typed_name: str = "",
    version: int | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
):
    """The new tenant signs the agreement they read: drawn in the field, or, for whoever cannot draw
    (keyboard, screen reader), by typing their name as the agreement names them. Refused for anyone but
    the letting's tenant (NotPermitted, a 404), a letting not waiting for them (LettingNotOpen), an
    agreement that changed since they saw it or a stale process version (ContractChanged / StaleProcess,
    409), and without either signature (SignatureMissing)."""
    fresh = _locked(letting)
    if actor.kind != "resident" or actor.party is None or actor.party.pk != fresh.party_id:
        raise NotPermitted
    if fresh.state != Letting.State.OFFERED or not fresh.contract_pdf:  # (no file: let go, lapsed)
        raise LettingNotOpen()
    if version is not None and version != fresh.process.version:
        raise StaleProcess()
    pdf = _contract_bytes(fresh)
    if (
        not contract_hash
        or contract_hash != fresh.contract_hash
        or signatures.document_hash(pdf) != contract_hash
    ):
        raise ContractChanged()
    if image_png:
        signatures.check_png(image_png)
    elif not _same_name(typed_name, fresh.party.display_name):
        raise SignatureMissing(SignatureMissing.default_message % {"name": fresh.party.display_name})
    step = fresh.process.current_step
    signature = signatures.sign(
        pdf,
        document_label=f"Mietvertrag {fresh.contract_number}",
        signer_name=fresh.party.display_name,
        role=Role.TENANT,
        party=fresh.party,
        process=fresh.process,
        step=step,
        ip_address=ip_address,
        user_agent=user_agent,
        image_png=image_png or None,
    )
    fresh.tenant_signature = signature
    fresh.state = Letting.State.TENANT_SIGNED
    fresh.save(update_fields=["tenant_signature", "state"])
    engine.complete(fresh.process, TENANT_SIGNATURE, actor=actor, outcome="agreed", version=version)
    letting.__dict__.update(tenant_signature_id=signature.pk, state=fresh.state)
    return signature


def may_countersign(actor: Actor) -> bool:
    """Signing for the landlord binds the company: only staff who may approve changes (as for a bank change
    or a payment method) countersign."""
    return may_decide(actor)


@transaction.atomic
def countersign(
    letting: Letting,
    *,
    actor: Actor,
    image_png: bytes = b"",
    version: int | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Letting:
    """Staff countersign: the agreement is sealed, kept and mailed, the tenancy created (conclude, run by
    the step's receiver). Refused without a seal certificate (SealNotConfigured): nothing is kept."""
    if not actor.is_staff or actor.user is None or not actor.user.pk:
        raise NotPermitted
    if not may_countersign(actor):
        raise CountersignNotPermitted()
    fresh = _locked(letting)
    if fresh.state != Letting.State.TENANT_SIGNED:
        raise LettingNotOpen()
    if version is not None and version != fresh.process.version:
        raise StaleProcess()
    if not seal_configured():
        raise SealNotConfigured()
    if image_png:
        signatures.check_png(image_png)
    pdf = _contract_bytes(fresh)
    if signatures.document_hash(pdf) != fresh.contract_hash:
        raise ContractChanged()
    signature = signatures.sign(
        pdf,
        document_label=f"Mietvertrag {fresh.contract_number}",
        signer_name=actor.user.get_full_name() or str(actor.user),
        role=Role.CASE_WORKER,
        user=actor.user,
        process=fresh.process,
        step=fresh.process.current_step,
        ip_address=ip_address,
        user_agent=user_agent,
        image_png=image_png or None,
    )
    fresh.staff_signature = signature
    fresh.save(update_fields=["staff_signature"])
    engine.complete(fresh.process, COUNTERSIGNATURE, actor=actor, outcome="signed", version=version)
    fresh.refresh_from_db()
    return fresh


def on_tenant_signature_step(*, process: Process, step, actor: Actor) -> None:
    """The tenant's step ended: only through tenant_sign (with the drawn signature over the PDF)."""
    letting = Letting.objects.filter(process=process).first()
    if letting is not None and letting.tenant_signature_id is None:
        raise StepNotAllowed(_("Der Mietvertrag wird auf der Seite „Mietvertrag“ im Portal unterschrieben."))


def on_countersignature_step(*, process: Process, step, actor: Actor) -> None:
    """Staff countersigned (only through countersign): the final agreement is sealed and concluded."""
    letting = Letting.objects.select_for_update().filter(process=process).first()
    if letting is None:
        return
    if letting.staff_signature_id is None or letting.tenant_signature_id is None:
        raise StepNotAllowed(_("Der Mietvertrag wird auf der Seite der Vermietung gegengezeichnet."))
    conclude(letting, actor=actor)


def conclude(letting: Letting, *, actor: Actor) -> Letting:
    """Render the final agreement, seal it, keep it (tenant's Document, the ticket's file) and create the
    Tenancy. Runs inside the countersignature's transaction."""
    letting = Letting.objects.select_related(
        "party", "unit__building__property", "process__ticket", "tenant_signature", "staff_signature"
    ).get(pk=letting.pk)
    final = contract_pdf.final_pdf(letting)
    sealed = seal_pdf(final, reason=f"Mietvertrag {letting.contract_number}")
    now = timezone.now()
    name = f"Mietvertrag-{letting.contract_number}.pdf"
    letting.sealed_pdf.save(
        f"Mietvertrag-{letting.contract_number}-versiegelt.pdf", ContentFile(sealed), save=False
    )
    letting.sealed_hash = signatures.document_hash(sealed)
    letting.sealed_at = now
    letting.document = Document.objects.create(
        party=letting.party,
        kind="mietvertrag",
        title=f"Mietvertrag {letting.contract_number}",
        year=letting.start.year,
        file=letting.sealed_pdf.name,
    )
    ticket = letting.process.ticket
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.EMAIL_OUT,
        author=actor.user if actor.user is not None and actor.user.pk else None,
        author_label=actor.label[:200],
        body=_("Der unterschriebene und versiegelte Mietvertrag %(number)s")
        % {"number": letting.contract_number},
    )
    attachment_store(
        ticket=ticket,
        content=sealed,
        name=name,
        content_type="application/pdf",
        actor=actor,
        is_public=True,
        message=message,
    )
    letting.tenancy = Tenancy.objects.create(
        party=letting.party, unit=letting.unit, start=letting.start, contract_number=letting.contract_number
    )
    letting.state = Letting.State.CONCLUDED
    letting.save()
    letting_concluded.send(sender=Letting, letting=letting, message=message)
    return letting


def on_process_cancelled(*, process: Process) -> None:
    """Staff withdrew the offer (the process cancelled): it can no longer be signed, and the tenant is told
    why (the reason the ticket was closed with)."""
    open_states = [Letting.State.OFFERED, Letting.State.TENANT_SIGNED]
    letting = (
        Letting.objects.select_for_update()
        .select_related("party", "unit__building", "process__ticket")
        .filter(process=process, state__in=open_states)
        .first()
    )
    if letting is None:
        return
    letting.state = Letting.State.CANCELLED
    letting.save(update_fields=["state"])
    letting_withdrawn.send(sender=Letting, letting=letting, reason=withdrawal_reason(process))


def withdrawal_reason(process: Process) -> str:
    """The reason staff gave for withdrawing the offer; "" where they gave none (the ticket was closed
    with the process's name, in whichever language)."""
    reason = process.ticket.status_reason
    return "" if reason in process.template.names().values() else reason


def letting_seal_status(letting: Letting) -> SealStatus:
    """The seal of the kept agreement, checked again now: "Siegel gültig", or "verändert" when the file
    on disk no longer matches what was sealed."""
    if not letting.sealed_pdf:
        return SealStatus(present=False)
    try:
        with letting.sealed_pdf.open("rb") as source:
            data = source.read()
    except OSError as error:
        return SealStatus(present=True, error=str(error))
    return validate_seal(data)
