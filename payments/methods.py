"""Zahlungsweise: the one door for a tenant's payment method. A change is a process (template
`zahlungsweise`): the tenant chooses direct debit or transfer (method_form); a direct debit needs a SEPA
mandate the tenant signs in the portal (mandate_signature, a simple electronic signature over the exact
PDF); staff approve or reject it like a bank change (approval); the ERP then books it.

    current_method(party) -> PaymentMethodChange | None    the approved change in force
    method_change_start(*, party, method, actor, holder="", iban="", bic="") -> PaymentMethodChange
    mandate_preview(change) -> dict                          the mandate's words before signing
    mandate_sign(change, *, actor, signer_name, ip_address=None, user_agent="") -> SepaMandate
    method_change_approve(change, *, actor) / method_change_reject(change, *, actor, reason)
    method_change_mark_booked(change) -> PaymentMethodChange     the ERP took it over
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.iban import normalise_iban, validate_iban
from estate.models import Document, Party
from processes import engine, signatures
from processes.models import Role
from tickets.actors import Actor
from tickets.change_requests import may_decide
from tickets.errors import NotPermitted, ReasonRequired, TicketError

from .mandate_pdf import mandate_context, mandate_html, mandate_pdf
from .models import PaymentMethod, PaymentMethodChange, SepaMandate
from .signals import payment_method_decided

TEMPLATE = "zahlungsweise"
FORM, SIGNATURE, APPROVAL = "method_form", "mandate_signature", "approval"


class MethodChangeError(TicketError):
    default_message = _("Diese Änderung der Zahlungsweise ist nicht mehr offen.")


class MethodChangePending(TicketError):
    default_message = _("Eine Änderung der Zahlungsweise wartet bereits auf Freigabe.")


def current_method(party: Party) -> PaymentMethodChange | None:
    return PaymentMethodChange.objects.of_party(party).in_force().first()


def open_change(party: Party) -> PaymentMethodChange | None:
    return (
        PaymentMethodChange.objects.filter(party=party, state=PaymentMethodChange.State.PENDING)
        .select_related("process__ticket", "mandate")
        .first()
    )


def new_mandate_reference(party: Party) -> str:
    """Unique, at most 35 characters of the SEPA set: MR-<party>-<date>-<random>."""
    while True:
        reference = f"MR-{party.pk}-{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"
        if not SepaMandate.objects.filter(reference=reference).exists():
            return reference


def _clean_account(*, holder: str, iban: str, bic: str) -> dict:
    holder = " ".join(holder.split())
    if not holder:
        raise ValidationError(_("Bitte geben Sie die Kontoinhaberin / den Kontoinhaber an."), code="holder")
    validate_iban(iban)  # a clear message: wrong checksum, wrong length for the country
    return {"holder": holder[:70], "iban": normalise_iban(iban), "bic": bic.strip().upper()[:11]}


@transaction.atomic
def method_change_start(
    *, party: Party, method: str, actor: Actor, holder: str = "", iban: str = "", bic: str = ""
) -> PaymentMethodChange:
    """Raises ValidationError (bad IBAN, no holder, unknown method) and MethodChangePending before
    anything is stored. A transfer goes straight to the approval; a direct debit waits for the mandate."""
    if method not in PaymentMethod.values:
        raise ValidationError(_("Bitte wählen Sie eine Zahlungsweise."), code="method")
    account = (
        _clean_account(holder=holder, iban=iban, bic=bic) if method == PaymentMethod.DIRECT_DEBIT else {}
    )
    Party.objects.select_for_update().filter(pk=party.pk).first()  # one open change per tenant
    if open_change(party) is not None:
        raise MethodChangePending()
    data = {"method": method, **account}
    if account:
        data["mandate_reference"] = new_mandate_reference(party)
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=party,
        parties={Role.TENANT: party},
        data=data,
        description=str(PaymentMethod(method).label),
    )
    change = PaymentMethodChange.objects.create(process=process, party=party, method=method)
    engine.complete(process, FORM, actor=actor)
    if method == PaymentMethod.TRANSFER:
        engine.skip(process, SIGNATURE, actor=Actor.system(), reason="Überweisung: kein Mandat nötig")
    return change


def mandate_preview(change: PaymentMethodChange, *, signed_by: str = "", signed_at=None) -> dict:
    data = change.process.data
    return mandate_context(
        party=change.party,
        reference=data["mandate_reference"],
        holder=data["holder"],
        iban=data["iban"],
        bic=data.get("bic", ""),
        signed_by=signed_by,
        signed_at=signed_at,
    )


def mandate_text(change: PaymentMethodChange) -> str:
    return mandate_html(mandate_preview(change))


@transaction.atomic
def mandate_sign(
    change: PaymentMethodChange,
    *,
    actor: Actor,
    signer_name: str,
    ip_address: str | None = None,
    user_agent: str = "",
) -> SepaMandate:
    """The tenant signs the mandate: the PDF with their name and the time is rendered, its SHA-256 signed
    (processes.signatures), the PDF kept with the tenant's documents; the change waits for approval."""
    change = (
        PaymentMethodChange.objects.select_for_update().select_related("process", "party").get(pk=change.pk)
    )
    if change.state != PaymentMethodChange.State.PENDING or change.method != PaymentMethod.DIRECT_DEBIT:
        raise MethodChangeError()
    if not signer_name.strip():
        raise ValidationError(_("Bitte geben Sie Ihren Namen als Unterschrift ein."), code="signer_name")
    process = change.process
    step = process.current_step
    if step is None or step.template.code != SIGNATURE:
        raise MethodChangeError()
    now = timezone.now()
    context = mandate_preview(change, signed_by=signer_name.strip(), signed_at=timezone.localtime(now))
    pdf = mandate_pdf(context)
    reference = context["mandate_reference"]
    signature = signatures.sign(
        pdf,
        document_label=f"SEPA-Lastschriftmandat {reference}",
        signer_name=signer_name,
        role=Role.TENANT,
        party=change.party,
        process=process,
        step=step,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    data = process.data
    mandate = SepaMandate(
        party=change.party,
        process=process,
        reference=reference,
        creditor_id=context["creditor_id"],
        creditor_name=context["creditor_name"][:70],
        holder=data["holder"],
        iban=data["iban"],
        bic=data.get("bic", ""),
        signed_at=signature.signed_at,
        signature=signature,
    )
    mandate.document.save(f"{reference}.pdf", ContentFile(pdf), save=False)
    mandate.save()
    Document.objects.create(
        party=change.party,
        kind="sepa_mandat",
        title=f"SEPA-Lastschriftmandat {reference}",
        year=timezone.localdate().year,
        file=mandate.document.name,
    )
    change.mandate = mandate
    change.save(update_fields=["mandate"])
    engine.complete(process, SIGNATURE, actor=actor, outcome="agreed")
    return mandate


class MandateMissing(TicketError):
    default_message = _(
        "Für eine Lastschrift fehlt das unterschriebene SEPA-Lastschriftmandat. "
        "Bitte lehnen Sie die Änderung mit einer Begründung ab."
    )


class ApprovalNotPermitted(TicketError):
    default_message = _(
        "Diese Freigabe dürfen nur Kolleginnen und Kollegen mit dem Recht zur Freigabe erteilen."
    )


@transaction.atomic
def method_change_approve(change: PaymentMethodChange, *, actor: Actor) -> PaymentMethodChange:
    """The new method applies: a signed mandate becomes valid, every earlier one ends (on_approval_step)."""
    return _decide(change, actor=actor, outcome="yes")


@transaction.atomic
def method_change_reject(change: PaymentMethodChange, *, actor: Actor, reason: str) -> PaymentMethodChange:
    if not reason.strip():
        raise ValidationError(_("Bitte geben Sie eine Begründung an."), code="reason")
    return _decide(change, actor=actor, outcome="no", reason=reason.strip())


def _decide(
    change: PaymentMethodChange, *, actor: Actor, outcome: str, reason: str = ""
) -> PaymentMethodChange:
    if not may_decide(actor):
        raise NotPermitted
    locked = PaymentMethodChange.objects.select_for_update().get(pk=change.pk)
    step = change.process.current_step
    if locked.state != PaymentMethodChange.State.PENDING or step is None or step.template.code != APPROVAL:
        raise MethodChangeError()
    engine.complete(change.process, APPROVAL, actor=actor, outcome=outcome, data={"reason": reason})
    change.refresh_from_db()
    return change


def on_approval_step(*, process, step, actor: Actor) -> None:
    """The approval step ended, on our approval page or the generic process page: the change follows.
    Only a colleague who may approve data changes may decide it (refused inside the engine's
    transaction, so nothing of the step is kept)."""
    change = (
        PaymentMethodChange.objects.select_for_update()
        .filter(process=process, state=PaymentMethodChange.State.PENDING)
        .first()
    )
    if change is None:
        return
    if not may_decide(actor):
        raise ApprovalNotPermitted()
    approved = step.outcome == "yes"
    if approved and change.method == PaymentMethod.DIRECT_DEBIT and not change.mandate_id:
        raise MandateMissing()  # the signature step was skipped on the general process page
    reason = str((step.data or {}).get("reason") or (step.data or {}).get("note") or "")
    if not approved and not reason:
        raise ReasonRequired()
    now = timezone.now()
    change.state = PaymentMethodChange.State.APPROVED if approved else PaymentMethodChange.State.REJECTED
    change.decided_by = actor.user if actor.user is not None and actor.user.pk else None
    change.decided_at = now
    change.reason = "" if approved else reason
    change.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    if approved:
        earlier = SepaMandate.objects.filter(party=change.party, state=SepaMandate.State.ACTIVE)
        if change.mandate_id:
            earlier = earlier.exclude(pk=change.mandate_id)
            SepaMandate.objects.filter(pk=change.mandate_id).update(
                state=SepaMandate.State.ACTIVE, valid_from=now
            )
        earlier.update(state=SepaMandate.State.ENDED, ended_at=now)
    elif change.mandate_id:
        SepaMandate.objects.filter(pk=change.mandate_id).update(state=SepaMandate.State.REJECTED)
    payment_method_decided.send(sender=PaymentMethodChange, change=change)


def on_process_cancelled(*, process) -> None:
    """Staff cancelled the process: an open change is withdrawn, its unapproved mandate never applies."""
    change = PaymentMethodChange.objects.filter(
        process=process, state=PaymentMethodChange.State.PENDING
    ).first()
    if change is None:
        return
    change.state = PaymentMethodChange.State.WITHDRAWN
    change.save(update_fields=["state"])
    if change.mandate_id:
        SepaMandate.objects.filter(pk=change.mandate_id).update(state=SepaMandate.State.REJECTED)


@transaction.atomic
def method_change_mark_booked(change: PaymentMethodChange) -> PaymentMethodChange:
    locked = PaymentMethodChange.objects.select_for_update().get(pk=change.pk)
    if locked.state != PaymentMethodChange.State.APPROVED or locked.booked_at is not None:
        raise MethodChangeError()
    change.booked_at = timezone.now()
    change.save(update_fields=["booked_at"])
    return change
