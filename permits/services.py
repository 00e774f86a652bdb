"""Erlaubnisse: the tenant's request (Untervermietung § 553 BGB, Tierhaltung), the company's decision
(erteilt, erteilt mit Auflagen, abgelehnt with its reason) and the record of a permission in force, which
staff may revoke with a reason. Every change of the process goes through processes.engine; whichever page
completes the decision step, `on_step_completed` checks it and writes the record.

    request_sublet(*, party, subtenant_name, rooms, valid_from, valid_until, reason, with_household)
    request_animal(*, party, animal, description, count, size, reason) -> Process
    decide(process, *, actor, outcome, conditions="", surcharge=None, valid_until=None, reason="",
           version=None) -> ProcessStep
    revoke(permit, *, actor, reason) -> Permit
    request_of(process) / decision_of(process) -> dict
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.models import Party, Tenancy
from processes import engine
from processes.errors import OutcomeRequired, ProcessError
from processes.models import Process, ProcessStep, Role, outcome_label
from processes.notice import co_tenants, current_tenancy
from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.timeline import record

from .models import Animal, Kind, Permit, Size
from .signals import permit_decided, permit_revoked
from .standard import ANIMAL, DECISION, NO, REQUEST, SUBLET, WITH_CONDITIONS, YES

KIND_OF = {SUBLET: Kind.SUBLET, ANIMAL: Kind.ANIMAL}
MAX_ANIMALS = 10
MAX_SURCHARGE = Decimal("1000")


class NoHome(ProcessError):
    default_message = gettext_lazy(
        "Für Sie ist keine Wohnung hinterlegt, für die Sie eine Erlaubnis brauchen."
    )


class ReasonRequired(OutcomeRequired):
    default_message = gettext_lazy(
        "Bitte begründen Sie die Ablehnung; die Begründung steht im Brief an den Mieter."
    )


class ConditionsRequired(OutcomeRequired):
    default_message = gettext_lazy(
        "Bitte nennen Sie die Auflagen (Text, Untermietzuschlag oder Befristung); sie stehen im Brief an den "
        "Mieter."
    )


def is_permit(process: Process) -> bool:
    return process.template.code in KIND_OF


def _home_of(party: Party) -> tuple[Tenancy | None, list[Party]]:
    """The party's current tenancy and the other tenants of that contract (they see the request too)."""
    tenancy = current_tenancy(party)
    return (tenancy, co_tenants(tenancy)) if tenancy is not None else (None, [])


def _start(template: str, *, party: Party, facts: dict, description: str) -> Process:
    tenancy, others = _home_of(party)
    if tenancy is None:
        raise NoHome()
    actor = Actor.for_party(party)
    parties = {Role.TENANT: party, **({Role.CO_TENANT: others} if others else {})}
    process = engine.start(
        template,
        actor=actor,
        reporter_party=party,
        parties=parties,
        unit=tenancy.unit,
        description=description,
    )
    engine.complete(process, REQUEST, actor=actor, data={"permit": facts})
    return process


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@transaction.atomic
def request_sublet(
    *,
    party: Party,
    subtenant_name: str,
    rooms: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    reason: str,
    with_household: bool = False,
) -> Process:
    """Untervermietung: whom, which rooms, from when (until when), why; co-tenants of the contract see it."""
    subtenant_name, rooms, reason = subtenant_name.strip(), rooms.strip(), reason.strip()
    if not subtenant_name:
        raise ProcessError(_("Bitte nennen Sie den Namen der Person, an die Sie untervermieten möchten."))
    if not rooms or not reason:
        raise ProcessError(_("Bitte nennen Sie die Räume und Ihren Grund für die Untervermietung."))
    if valid_from < timezone.localdate():
        raise ProcessError(_("Der Beginn der Untervermietung liegt in der Vergangenheit."))
    if valid_until is not None and valid_until < valid_from:
        raise ProcessError(_("Das Ende der Untervermietung liegt vor ihrem Beginn."))
    facts = {
        "subtenant_name": subtenant_name[:150],
        "rooms": rooms[:200],
        "valid_from": _day(valid_from),
        "valid_until": _day(valid_until),
        "reason": reason[:4000],
        "with_household": bool(with_household),
    }
    text = _("Untervermietung an %(name)s: %(rooms)s") % {
        "name": facts["subtenant_name"],
        "rooms": facts["rooms"],
    }
    return _start(SUBLET, party=party, facts=facts, description=f"{text}\n\n{facts['reason']}")


@transaction.atomic
def request_animal(
    *, party: Party, animal: str, description: str, count: int, size: str = "", reason: str = ""
) -> Process:
    """Tierhaltung: which animal (Hund, Katze, other), breed or description, how many, how big."""
    description, reason = description.strip(), reason.strip()
    if animal not in Animal.values:
        raise ProcessError(_("Bitte wählen Sie, welches Tier Sie halten möchten."))
    if not description:
        raise ProcessError(_("Bitte nennen Sie die Rasse oder beschreiben Sie das Tier."))
    if not 1 <= count <= MAX_ANIMALS:
        raise ProcessError(_("Bitte geben Sie eine Anzahl zwischen 1 und %(max)s an.") % {"max": MAX_ANIMALS})
    if size and size not in Size.values:
        raise ProcessError(_("Bitte wählen Sie die Größe aus der Liste."))
    if animal == Animal.DOG and not size:
        raise ProcessError(_("Bitte geben Sie an, wie groß der Hund ist."))
    facts = {
        "animal": animal,
        "description": description[:200],
        "count": count,
        "size": size,
        "reason": reason[:4000],
        "valid_from": _day(timezone.localdate()),
    }
    label = Animal(animal).label
    text = _("Tierhaltung: %(count)s × %(animal)s (%(description)s)") % {
        "count": count,
        "animal": label,
        "description": facts["description"],
    }
    return _start(ANIMAL, party=party, facts=facts, description=f"{text}\n\n{reason}".strip())


# --- the decision --------------------------------------------------------------------------------------


def check_decision(outcome: str, data: dict) -> None:
    """A refusal needs its reason, a grant with conditions at least one condition, whichever page decides
    (the note of the generic process page counts as either)."""
    note = (data.get("note") or "").strip()
    if outcome == NO and not ((data.get("reason") or "").strip() or note):
        raise ReasonRequired()
    if outcome == WITH_CONDITIONS and not (
        (data.get("conditions") or "").strip() or note or data.get("surcharge") or data.get("valid_until")
    ):
        raise ConditionsRequired()


def decide(
    process: Process,
    *,
    actor: Actor,
    outcome: str,
    conditions: str = "",
    surcharge: Decimal | None = None,
    valid_until: dt.date | None = None,
    reason: str = "",
    version: int | None = None,
) -> ProcessStep:
    if not is_permit(process) or outcome not in (YES, WITH_CONDITIONS, NO):
        raise OutcomeRequired()
    data: dict = {}
    if outcome == NO:
        data = {"reason": reason.strip()}
    elif outcome == WITH_CONDITIONS:
        if process.template.code != SUBLET:
            surcharge = None  # an Untermietzuschlag belongs to a sublet only, never to an animal permit
        if surcharge is not None and not Decimal("0") < surcharge <= MAX_SURCHARGE:
            raise ProcessError(_("Der Untermietzuschlag muss zwischen 0,01 und 1.000 € im Monat liegen."))
        start = request_of(process).get("valid_from") or ""
        if valid_until is not None and (valid_until < timezone.localdate() or _day(valid_until) < start):
            raise ProcessError(_("Die Befristung endet vor dem Beginn oder liegt in der Vergangenheit."))
        data = {
            "conditions": conditions.strip(),
            "surcharge": str(surcharge) if surcharge is not None else "",
            "valid_until": _day(valid_until),
        }
    check_decision(outcome, data)
    return engine.complete(process, DECISION, actor=actor, outcome=outcome, data=data, version=version)


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor: Actor, **kwargs) -> None:
    """The guard and the record for every page: refuses (and so rolls back) a decision without its reason
    or conditions; a grant becomes a Permit; then the letter follows (permit_decided)."""
    if not is_permit(process) or step.template.code != DECISION:
        return
    data = step.data or {}
    check_decision(step.outcome, data)
    permit = None
    if step.outcome in (YES, WITH_CONDITIONS):
        permit = _record(process, data, outcome=step.outcome, actor=actor)
    permit_decided.send(sender=Permit, process=process, step=step, permit=permit)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _record(process: Process, data: dict, *, outcome: str, actor: Actor) -> Permit:
    facts = request_of(process)
    tenant = process.ticket.reporter
    # A time limit set as a condition wins over the end the tenant asked for.
    valid_until = _date(data.get("valid_until") or "") or _date(facts.get("valid_until") or "")
    conditions = (
        (data.get("conditions") or data.get("note") or "").strip() if outcome == WITH_CONDITIONS else ""
    )
    permit, _created = Permit.objects.get_or_create(
        process=process,
        defaults={
            "kind": KIND_OF[process.template.code],
            "party": tenant,
            "unit": process.ticket.unit,
            "subtenant_name": facts.get("subtenant_name", ""),
            "rooms": facts.get("rooms", ""),
            "with_household": bool(facts.get("with_household")),
            "animal": facts.get("animal", ""),
            "description": facts.get("description", ""),
            "count": int(facts.get("count") or 1),
            "size": facts.get("size", ""),
            "reason": facts.get("reason", ""),
            "valid_from": _date(facts.get("valid_from") or "") or timezone.localdate(),
            "valid_until": valid_until,
            "conditions": conditions,
            "surcharge": Decimal(data["surcharge"]) if data.get("surcharge") else None,
            "granted_by": actor.user if actor.user is not None and actor.user.pk else None,
        },
    )
    return permit


@transaction.atomic
def revoke(permit: Permit, *, actor: Actor, reason: str) -> Permit:
    """Widerruf: staff end a permission in force, with the reason the tenant reads in the letter."""
    reason = reason.strip()
    permit = (
        Permit.objects.select_for_update()
        .select_related("process__ticket", "party", "unit")
        .get(pk=permit.pk)
    )
    if not permit.is_in_force():
        raise ProcessError(_("Diese Erlaubnis gilt nicht mehr; sie kann nicht widerrufen werden."))
    if not reason:
        raise ProcessError(
            _("Bitte begründen Sie den Widerruf; die Begründung steht im Brief an den Mieter.")
        )
    permit.revoked_at = timezone.now()
    permit.revoked_by = actor.user if actor.user is not None and actor.user.pk else None
    permit.revoke_reason = reason[:4000]
    permit.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(
        permit.process.ticket,
        kind=TicketEvent.Kind.PROCESS,
        actor=actor,
        is_public=True,
        action="permit_revoked",
        process_id=permit.process_id,
        process_name=permit.process.template.names(),
        reason=permit.revoke_reason,
    )
    permit_revoked.send(sender=Permit, permit=permit, actor=actor)
    return permit


# --- reading -------------------------------------------------------------------------------------------


def request_of(process: Process) -> dict:
    return dict((process.data or {}).get("permit") or {})


def decision_of(process: Process) -> dict:
    """The decision as the tenant reads it: outcome (with its label), conditions or reason, when."""
    step = (
        process.steps.filter(template__code=DECISION, state=ProcessStep.State.DONE)
        .order_by("-done_at")
        .first()
    )
    if step is None:
        return {}
    data = step.data or {}
    note = (data.get("note") or "").strip()
    return {
        "outcome": step.outcome,
        "label": outcome_label(step.outcome),
        "conditions": (data.get("conditions") or note).strip() if step.outcome == WITH_CONDITIONS else "",
        "surcharge": Decimal(data["surcharge"]) if data.get("surcharge") else None,
        "valid_until": _date(data.get("valid_until") or ""),
        "reason": (data.get("reason") or note).strip() if step.outcome == NO else "",
        "decided_at": step.done_at,
    }


def decision_step(process: Process) -> ProcessStep | None:
    return process.steps.filter(template__code=DECISION).select_related("template").first()
