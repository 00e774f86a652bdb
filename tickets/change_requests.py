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

from . import workflow
from .actors import Actor
from .errors import InvalidTicket, NotPermitted, ReasonRequired, TransitionNotAllowed
from .models import ChangeRequest, Ticket, TicketEvent
from .signals import change_request_decided
from .status import Status
from .timeline import record

NAME_FIELDS = ("salutation", "first_name", "last_name")

# Which answer of a report fills which value of the change request, by the extra question's key (the
# IBAN also by the question's kind). Keys are what admins name the questions, in German or English.
ANSWER_KEYS = {
    ChangeRequest.Kind.BANK_ACCOUNT: {
        "iban": ("iban", "neue_iban"),
        "holder": ("kontoinhaber", "inhaber", "holder", "account_holder"),
        "bic": ("bic",),
    },
    ChangeRequest.Kind.NAME: {
        "salutation": ("anrede", "salutation"),
        "first_name": ("vorname", "neuer_vorname", "first_name"),
        "last_name": ("nachname", "neuer_name", "neuer_nachname", "last_name"),
    },
}


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


def values_from_answers(*, kind: str, ticket: Ticket, party: Party) -> dict:
    """The change request's new values taken from a report's answers. A name change keeps the parts of
    the name the report did not ask for."""
    answers = {key: str(value).strip() for key, value in (ticket.answers or {}).items()}
    keys = ANSWER_KEYS.get(kind)
    if keys is None:
        return {key: value for key, value in answers.items() if value}
    values = {}
    for name, candidates in keys.items():
        found = next((answers[key] for key in candidates if answers.get(key)), "")
        if found:
            values[name] = found
    if kind == ChangeRequest.Kind.BANK_ACCOUNT and "iban" not in values:
        iban_keys = [f.key for f in ticket.item.extra_fields.all() if f.kind == "iban"]
        values["iban"] = next((answers[key] for key in iban_keys if answers.get(key)), "")
    if kind == ChangeRequest.Kind.NAME:
        values = {**_current_values(kind, party), **values}
    return values


def change_request_on_create(ticket: Ticket, *, actor: Actor) -> ChangeRequest | None:
    """Called by ticket_create in its transaction for an item that is a change request (bank account,
    name): the request, with the report's answers as its new values, waits for a case worker's
    approval; the ticket follows the decision. A report by someone outside our master data, or one that
    answers none of the questions (taken by phone, say), leaves the request to the case worker. Invalid
    answers raise InvalidTicket with the reason, and nothing of the report is kept."""
    kind = ticket.item.change_request_kind
    if not kind or ticket.reporter_id is None:
        return None
    if not any(str(value).strip() for value in (ticket.answers or {}).values()):
        return None
    values = values_from_answers(kind=kind, ticket=ticket, party=ticket.reporter)
    try:
        return change_request_create(
            party=ticket.reporter, kind=kind, new_values=values, ticket=ticket, actor=actor
        )
    except ValidationError as invalid:
        raise InvalidTicket(" ".join(invalid.messages)) from invalid


def _follow_decision(request: ChangeRequest, *, actor: Actor, to: str, reason: str = "") -> None:
    """The ticket the request came with is closed with the decision: done when approved, rejected with
    the reason otherwise. The tenant hears of it once, by the decision's own message; the status row
    names the request so its rule knows."""
    if request.ticket_id is None:
        return
    ticket = Ticket.objects.select_for_update().get(pk=request.ticket_id)
    if ticket.status not in Status.active():
        return  # a case worker closed it already
    workflow.change_status(ticket, to=to, actor=actor, reason=reason, note={"change_request": request.pk})
    request.ticket = ticket


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
    # Announced once the data is changed: the mail greets the tenant by an approved new name, and the
    # ERP's webhook reads the party as it now is.
    request.party = party
    change_request_decided.send(sender=ChangeRequest, change_request=request)
    _follow_decision(request, actor=actor, to=Status.DONE)
    return request


@transaction.atomic
def change_request_reject(*, request: ChangeRequest, actor: Actor, reason: str) -> ChangeRequest:
    """Raises NotPermitted unless `may_decide(actor)`, and ReasonRequired without a reason."""
    if not may_decide(actor):
        raise NotPermitted
    if not reason.strip():
        raise ReasonRequired()
    _decide(request, actor=actor, state=ChangeRequest.State.REJECTED, reason=reason.strip())
    change_request_decided.send(sender=ChangeRequest, change_request=request)
    _follow_decision(request, actor=actor, to=Status.REJECTED, reason=reason.strip())
    return request


@transaction.atomic
def change_request_mark_booked(*, request: ChangeRequest, actor: Actor) -> ChangeRequest:
    """The ERP booked an approved change (the new bank account is in its accounts): the tenant's "My data"
    shows it as done. Refused when not approved or booked already; the row lock makes a retry safe."""
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != ChangeRequest.State.APPROVED:
        raise TransitionNotAllowed(_("Nur freigegebene Anträge können gebucht werden."))
    if locked.booked_at is not None:
        raise TransitionNotAllowed(_("Dieser Antrag ist bereits gebucht."))
    request.booked_at = timezone.now()
    request.save(update_fields=["booked_at"])
    if request.ticket_id:
        record(
            request.ticket,
            kind=TicketEvent.Kind.DATA_CHANGE,
            actor=actor,
            change_request=request.pk,
            state="booked",
        )
    return request
