"""The staff's decision on a contract change, through the process's approval step (processes.engine, so a
page loaded before someone else acted is refused as stale) and the change's tickets.ChangeRequest (so the
Freigaben list, the tenant's mail and the ERP's change-request API follow). On approval the change is made:
the party's name (the change request keeps old and new, who and when), the tenancies (a new one for the
incoming person from the date, an end date for the leaving one: portal access follows them), or the
contact person (the one before ends).

    change_approve(change, *, actor, version=None) / change_reject(change, *, actor, reason, version=None)
    on_approval_step(*, process, step, actor)           receiver: whichever page completed the step
    on_change_request_decided(change_request)           receiver: decided on the Freigaben page
    on_process_cancelled(*, process)                    receiver: staff cancelled the process
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estate.models import Tenancy
from processes import engine
from processes.models import Process, ProcessStep
from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_reject, may_decide
from tickets.errors import NotPermitted, ReasonRequired
from tickets.models import ChangeRequest

from . import standard
from .errors import ChangeClosed, ConsentMissing, ConsentRefused
from .models import ContactPerson, ContractChange
from .signals import contract_change_decided


@transaction.atomic
def change_approve(change: ContractChange, *, actor: Actor, version: int | None = None) -> ContractChange:
    return _decide(change, actor=actor, outcome="yes", version=version)


@transaction.atomic
def change_reject(
    change: ContractChange, *, actor: Actor, reason: str, version: int | None = None
) -> ContractChange:
    if not reason.strip():
        raise ValidationError(_("Bitte geben Sie eine Begründung an."), code="reason")
    return _decide(change, actor=actor, outcome="no", reason=reason.strip(), version=version)


def _decide(change: ContractChange, *, actor: Actor, outcome: str, version: int | None, reason: str = ""):
    if not may_decide(actor):
        raise NotPermitted
    step = _approval_step(change.process)
    if change.state != ContractChange.State.PENDING:
        raise ChangeClosed()
    if step is None or step.state != ProcessStep.State.ACTIVE:
        raise ConsentMissing()
    engine.complete(
        change.process,
        standard.APPROVAL,
        actor=actor,
        outcome=outcome,
        data={"reason": reason},
        version=version,
    )
    change.refresh_from_db()
    return change


def _approval_step(process: Process) -> ProcessStep | None:
    return process.steps.filter(template__code=standard.APPROVAL).order_by("-pk").first()


def _consent_outcome(process: Process) -> str:
    """ "agreed" once every party agreed, "refused" once one refused, "" while answers are missing."""
    step = process.steps.filter(template__code=standard.CONSENT).order_by("-pk").first()
    if step is None or step.state == ProcessStep.State.SKIPPED:
        return "agreed"
    return step.outcome if step.state == ProcessStep.State.DONE else ""


def on_approval_step(*, process: Process, step: ProcessStep, actor: Actor) -> None:
    """The approval step ended (our page, the general process page, or the Freigaben page through
    on_change_request_decided): the change follows, inside the engine's transaction, so a refusal here
    keeps nothing of the step."""
    change = ContractChange.objects.select_for_update().filter(process=process).first()
    if change is None:
        return
    if change.state != ContractChange.State.PENDING:
        raise ChangeClosed()
    if not may_decide(actor):
        raise NotPermitted
    approved = step.outcome == "yes"
    reason = str((step.data or {}).get("reason") or (step.data or {}).get("note") or "").strip()
    if not approved and not reason:
        raise ReasonRequired()
    if approved and change.needs_consent and _consent_outcome(process) != "agreed":
        raise ConsentRefused()
    request = ChangeRequest.objects.get(pk=change.change_request_id)
    if request.state == ChangeRequest.State.PENDING:
        if approved:
            change_request_approve(request=request, actor=actor)
        else:
            change_request_reject(request=request, actor=actor, reason=reason)
    change.state = ContractChange.State.APPROVED if approved else ContractChange.State.REJECTED
    change.decided_by = actor.user if actor.user is not None and actor.user.pk else None
    change.decided_at = timezone.now()
    change.reason = "" if approved else reason
    change.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    if approved:
        _apply(change)
    contract_change_decided.send(sender=ContractChange, change=change)


def _apply(change: ContractChange) -> None:
    """Make the approved change (a name is changed by the change request itself)."""
    tenancy = change.tenancy
    if change.kind == ContractChange.Kind.MOVE_IN:
        Tenancy.objects.create(
            party=change.person,
            unit=change.unit,
            start=change.effective_date,
            contract_number=tenancy.contract_number,
        )
    elif change.kind == ContractChange.Kind.MOVE_OUT:
        Tenancy.objects.current().filter(party=change.person, unit=change.unit).update(
            end=change.effective_date
        )
    elif change.kind == ContractChange.Kind.CONTACT:
        values = change.change_request.new_values
        now = timezone.now()
        ContactPerson.objects.current().filter(tenancy=tenancy).update(valid_until=now)
        ContactPerson.objects.create(
            tenancy=tenancy,
            change=change,
            valid_from=now,
            **{key: values.get(key, "") for key in ("name", "street", "postcode", "city", "email", "phone")},
            scope=values["scope"],
            basis=values["basis"],
        )


def on_change_request_decided(sender, *, change_request: ChangeRequest, **kwargs) -> None:
    """A contract change's request decided on the Freigaben page: its process's approval step follows.
    Decided from the step itself (on_approval_step), the step is already done: nothing to do."""
    change = ContractChange.objects.filter(change_request=change_request).select_related("process").first()
    if change is None or change.state != ContractChange.State.PENDING:
        return
    step = _approval_step(change.process)
    if step is not None and step.state == ProcessStep.State.DONE:
        return
    if step is None or step.state != ProcessStep.State.ACTIVE:
        raise ConsentMissing()
    approved = change_request.state == ChangeRequest.State.APPROVED
    actor = Actor.for_user(change_request.decided_by)
    engine.complete(
        change.process,
        standard.APPROVAL,
        actor=actor,
        outcome="yes" if approved else "no",
        data={"reason": change_request.reason},
    )


def on_process_cancelled(*, process: Process) -> None:
    """Staff cancelled the process: the change is withdrawn and its request no longer waits."""
    change = ContractChange.objects.filter(process=process, state=ContractChange.State.PENDING).first()
    if change is None:
        return
    change.state = ContractChange.State.WITHDRAWN
    change.save(update_fields=["state"])
    ChangeRequest.objects.filter(pk=change.change_request_id, state=ChangeRequest.State.PENDING).update(
        state=ChangeRequest.State.REJECTED, reason="Vorgang abgebrochen", decided_at=timezone.now()
    )
