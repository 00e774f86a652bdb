"""Änderungsanträge: sensitive master data (bank account, name) changes only after a case worker approves.

The tenant's request stores old and new values side by side; approval applies the change with its history
kept (the old bank account is closed, never overwritten) and records it on the ticket's timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import APPROVE_CHANGES
from estate.iban import normalise_iban, validate_iban
from estate.models import BankAccount, Party

from .actors import Actor
from .errors import InvalidTicket, NotPermitted, ReasonRequired
from .models import ChangeRequest, Ticket, TicketEvent
from .signals import change_request_decided
from .timeline import record

NAME_FIELDS = ("salutation", "first_name", "last_name")


def _current_values(kind: str, party: Party) -> dict:
    if kind == ChangeRequest.Kind.BANK_ACCOUNT:
        account = party.bank_accounts.filter(valid_until__isnull=True).first()
        return {"iban": account.iban, "holder": account.holder, "bic": account.bic} if account else {}
    if kind == ChangeRequest.Kind.NAME:
        return {field: getattr(party, field) for field in NAME_FIELDS}
    return {}


def _clean_new_values(kind: str, values: dict) -> dict:
    if kind == ChangeRequest.Kind.BANK_ACCOUNT:
        iban = normalise_iban(values.get("iban", ""))
        validate_iban(iban)
        holder = (values.get("holder") or "").strip()
        if not holder:
            raise ValidationError(_("Bitte geben Sie den Kontoinhaber an."), code="holder_required")
        return {"iban": iban, "holder": holder, "bic": (values.get("bic") or "").strip().upper()}
    if kind == ChangeRequest.Kind.NAME:
        cleaned = {field: (values.get(field) or "").strip() for field in NAME_FIELDS}
        if not cleaned["last_name"]:
            raise ValidationError(_("Bitte geben Sie den Nachnamen an."), code="last_name_required")
        return cleaned
    return {key: str(value).strip() for key, value in values.items()}


@transaction.atomic
def change_request_create(
    *, party: Party, kind: str, new_values: dict, ticket: Ticket | None = None, actor: Actor
) -> ChangeRequest:
    """Raises ValidationError (with a message for the tenant) when the new values are not valid."""
    request = ChangeRequest.objects.create(
        kind=kind,
        party=party,
        ticket=ticket,
        old_values=_current_values(kind, party),
        new_values=_clean_new_values(kind, new_values),
    )
    if ticket is not None:
        record(
            ticket, kind=TicketEvent.Kind.DATA_CHANGE, actor=actor, change_request=request.pk, state="pending"
        )
    return request


def may_decide(actor: Actor) -> bool:
    """Only staff holding the approval permission (case workers, team leads) approve or reject a request;
    the back-office shows the approvals to them alone, and the service refuses everyone else."""
    return actor.is_staff and actor.user is not None and actor.user.has_perm(APPROVE_CHANGES)


def _decide(request: ChangeRequest, *, actor: Actor, state: str, reason: str = "") -> None:
    # The row lock makes two case workers deciding at once safe: the second sees it already decided.
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != ChangeRequest.State.PENDING:
        raise InvalidTicket(_("Über diesen Antrag wurde bereits entschieden."))
    request.state = state
    request.decided_by = actor.user
    request.decided_at = timezone.now()
    request.reason = reason
    request.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    if request.ticket_id:
        record(
            request.ticket,
            kind=TicketEvent.Kind.DATA_CHANGE,
            actor=actor,
            is_public=True,
            change_request=request.pk,
            state=state,
            reason=reason,
        )
    change_request_decided.send(sender=ChangeRequest, change_request=request)


@transaction.atomic
def change_request_approve(*, request: ChangeRequest, actor: Actor) -> ChangeRequest:
    """Raises NotPermitted unless `may_decide(actor)`."""
    if not may_decide(actor):
        raise NotPermitted
    _decide(request, actor=actor, state=ChangeRequest.State.APPROVED)
    party = Party.objects.select_for_update().get(pk=request.party_id)
    values = request.new_values
    if request.kind == ChangeRequest.Kind.BANK_ACCOUNT:
        now = timezone.now()
        party.bank_accounts.filter(valid_until__isnull=True).update(valid_until=now)
        BankAccount.objects.create(
            party=party,
            iban=values["iban"],
            holder=values["holder"],
            bic=values.get("bic", ""),
            valid_from=now,
        )
    elif request.kind == ChangeRequest.Kind.NAME:
        for field in NAME_FIELDS:
            setattr(party, field, values.get(field, getattr(party, field)))
        party.save(update_fields=list(NAME_FIELDS))
    return request


@transaction.atomic
def change_request_reject(*, request: ChangeRequest, actor: Actor, reason: str) -> ChangeRequest:
    """Raises NotPermitted unless `may_decide(actor)`, and ReasonRequired without a reason."""
    if not may_decide(actor):
        raise NotPermitted
    if not reason.strip():
        raise ReasonRequired()
    _decide(request, actor=actor, state=ChangeRequest.State.REJECTED, reason=reason.strip())
    return request
