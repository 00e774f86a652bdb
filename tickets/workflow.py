"""The status workflow: the one place that decides which moves a role may make, saves them under the
ticket's version, and records each in the timeline. Who hears of a change is not decided here: the
timeline's subscribers react to the recorded row."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import ReasonRequired, StaleTicket, TransitionNotAllowed
from .models import Ticket, TicketEvent, WorkOrder
from .overdue import overdue_refresh
from .status import STAFF_MOVES, WORKER_MOVES, Status
from .timeline import record


def allowed_moves(ticket: Ticket, actor: Actor) -> set[str]:
    """The statuses this actor may move the ticket to now. Residents never change a status."""
    if actor.kind in ("staff", "system"):
        return set(STAFF_MOVES.get(ticket.status, set()))
    if actor.kind == "contractor":
        if ticket.contractor_id == actor.contractor.pk and ticket.contractor_may_progress:
            return set(WORKER_MOVES.get(ticket.status, set()))
        return set()
    if actor.kind == "resident" and actor.party is not None and ticket.caretaker_id == actor.party.pk:
        return set(WORKER_MOVES.get(ticket.status, set()))
    return set()


def check_version(ticket: Ticket, expected_version: int | None) -> None:
    """The one stale-version check: refuse a write made on a page loaded before someone else saved the
    ticket. Writes that change the ticket row get it from `save_versioned`; writes beside it (a reply, a
    follow-up, a duplicate merge) call it directly."""
    if expected_version is None:
        return
    if not Ticket.objects.filter(pk=ticket.pk, version=expected_version).exists():
        raise StaleTicket()


def save_versioned(ticket: Ticket, *, expected_version: int | None = None, **changes) -> None:
    """Write `changes` only if nobody saved the ticket since `expected_version` (default: as loaded)."""
    version = ticket.version if expected_version is None else expected_version
    now = timezone.now()
    updated = Ticket.objects.filter(pk=ticket.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=now
    )
    if updated != 1:
        raise StaleTicket()
    for field, value in changes.items():
        setattr(ticket, field, value)
    ticket.version = version + 1
    ticket.updated_at = now


@transaction.atomic
def change_status(
    ticket: Ticket,
    *,
    to: str,
    actor: Actor,
    reason: str = "",
    expected_version: int | None = None,
    note: dict | None = None,
    **extra,
) -> TicketEvent:
    """Move the ticket to status `to`. `extra` are further ticket fields saved with the move; `note` is
    further data for the timeline row (who the work was released to, for instance)."""
    if to not in allowed_moves(ticket, actor):
        raise TransitionNotAllowed()
    reason = reason.strip()
    if to == Status.REJECTED and not reason:
        raise ReasonRequired()
    previous = ticket.status
    save_versioned(
        ticket,
        expected_version=expected_version,
        status=to,
        status_reason=reason if to == Status.REJECTED else "",
        closed_at=timezone.now() if to in Status.closed() else None,
        **extra,
    )
    overdue_refresh(ticket)
    return record(
        ticket,
        kind=TicketEvent.Kind.STATUS,
        actor=actor,
        is_public=True,
        old=previous,
        new=to,
        reason=reason,
        **(note or {}),
    )


@transaction.atomic
def release(
    ticket: Ticket,
    *,
    actor: Actor,
    contractor=None,
    caretaker=None,
    assignee=None,
    note: str = "",
    contractor_may_progress: bool = True,
    expected_version: int | None = None,
) -> TicketEvent:
    """Freigabe: staff (or an automatic workflow rule) hand the work to a contractor, caretaker or
    colleague. A contractor or caretaker gets a new work order (a contractor with it a new link); any
    earlier one dies."""
    targets = [t for t in (contractor, caretaker, assignee) if t is not None]
    if len(targets) != 1:
        raise TransitionNotAllowed()
    if Status.RELEASED not in allowed_moves(ticket, actor):
        raise TransitionNotAllowed()
    extra = {
        "contractor": contractor,
        "caretaker": caretaker,
        "contractor_may_progress": contractor_may_progress,
    }
    if assignee is not None:
        extra = {"assignee": assignee, "contractor": None, "caretaker": None}
    work_order = None
    if contractor is not None or caretaker is not None:
        work_order = WorkOrder.issue(ticket=ticket, contractor=contractor, caretaker=caretaker)
    else:
        WorkOrder.objects.revoke_for(ticket)
    return change_status(
        ticket,
        to=Status.RELEASED,
        actor=actor,
        expected_version=expected_version,
        note={
            "released_to": str(targets[0]),
            "target_kind": "contractor" if contractor else "caretaker" if caretaker else "staff",
            "note": note.strip(),
            "work_order_id": work_order.pk if work_order else None,
            "assignee_id": assignee.pk if assignee is not None else None,
        },
        **extra,
    )


@transaction.atomic
def reassign(
    ticket: Ticket,
    *,
    actor: Actor,
    assignee=None,
    team=None,
    reason: str = "",
    expected_version: int | None = None,
) -> TicketEvent:
    if not actor.is_staff and actor.kind != "system":
        raise TransitionNotAllowed()
    old = {"assignee": str(ticket.assignee or ""), "team": str(ticket.team or "")}
    previous_assignee_id = ticket.assignee_id
    save_versioned(ticket, expected_version=expected_version, assignee=assignee, team=team or ticket.team)
    return record(
        ticket,
        kind=TicketEvent.Kind.ASSIGNED,
        actor=actor,
        old=old,
        new={"assignee": str(assignee or ""), "team": str(ticket.team or "")},
        reason=reason,
        assignee_id=assignee.pk if assignee is not None else None,
        previous_assignee_id=previous_assignee_id,
    )


@transaction.atomic
def change_priority(
    ticket: Ticket,
    *,
    actor: Actor,
    priority: str,
    due_at=None,
    reason: str,
    expected_version: int | None = None,
) -> TicketEvent:
    """Priority and due time change only with a reason, and only by staff."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    if not reason.strip():
        raise ReasonRequired()
    old = {"priority": ticket.priority, "due_at": ticket.due_at.isoformat() if ticket.due_at else None}
    due_at = due_at or ticket.due_at
    save_versioned(ticket, expected_version=expected_version, priority=priority, due_at=due_at)
    event = record(
        ticket,
        kind=TicketEvent.Kind.PRIORITY,
        actor=actor,
        old=old,
        new={"priority": priority, "due_at": due_at.isoformat() if due_at else None},
        reason=reason.strip(),
    )
    # A due time moved into the past makes the ticket overdue now, with its row, mail and escalation.
    overdue_refresh(ticket)
    return event


@transaction.atomic
def restrict(
    ticket: Ticket, *, actor: Actor, confidential: bool, reason: str = "", expected_version: int | None = None
) -> TicketEvent:
    """Vertraulich: a case worker keeps a case to themselves (staff allowed to see confidential cases
    still see it), or opens it to colleagues again."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    save_versioned(
        ticket, expected_version=expected_version, restricted_to=actor.user if confidential else None
    )
    default = _("Als vertraulich markiert.") if confidential else _("Nicht mehr vertraulich.")
    return record(
        ticket,
        kind=TicketEvent.Kind.DATA_CHANGE,
        actor=actor,
        confidential=confidential,
        reason=reason.strip() or str(default),
    )
