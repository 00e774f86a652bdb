"""The status workflow: the one place that decides which moves a role may make, saves them under the
ticket's version, and records each in the timeline."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import rules as notify

from .actors import Actor
from .errors import InvalidTicket, ReasonRequired, StaleTicket, TransitionNotAllowed
from .models import AffectedParty, Ticket, TicketEvent
from .status import STAFF_MOVES, WORKER_MOVES, Status


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


def record(ticket: Ticket, *, kind: str, actor: Actor, is_public: bool = False, **data) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket, kind=kind, is_public=is_public, data=data, **actor.event_fields()
    )


@transaction.atomic
def change_status(
    ticket: Ticket, *, to: str, actor: Actor, reason: str = "", expected_version: int | None = None, **extra
) -> TicketEvent:
    if to not in allowed_moves(ticket, actor):
        raise TransitionNotAllowed()
    reason = reason.strip()
    if to == Status.REJECTED and not reason:
        raise ReasonRequired()
    previous = ticket.status
    closed_at = timezone.now() if to in Status.closed() else None
    save_versioned(
        ticket,
        expected_version=expected_version,
        status=to,
        status_reason=reason if to == Status.REJECTED else "",
        closed_at=closed_at,
        is_overdue=False if closed_at else ticket.is_overdue,
        **extra,
    )
    event = record(
        ticket, kind=TicketEvent.Kind.STATUS, actor=actor, is_public=True, old=previous, new=to, reason=reason
    )
    notify.status_changed(ticket, event=event)
    return event


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
    colleague."""
    targets = [t for t in (contractor, caretaker, assignee) if t is not None]
    if len(targets) != 1:
        raise TransitionNotAllowed()
    extra = {
        "contractor": contractor,
        "caretaker": caretaker,
        "contractor_may_progress": contractor_may_progress,
    }
    if assignee is not None:
        extra = {"assignee": assignee, "contractor": None, "caretaker": None}
    event = change_status(ticket, to=Status.RELEASED, actor=actor, expected_version=expected_version, **extra)
    # Imported here: work orders build on this module (status moves of the contractor's steps).
    from notifications.work_orders import work_order_issue, work_orders_revoke

    if contractor is not None:
        work_order_issue(ticket=ticket, contractor=contractor, note=note.strip())
    else:
        work_orders_revoke(ticket=ticket)
    if assignee is not None:
        notify.ticket_assigned(ticket, key=f"released:{event.pk}")
    event.data.update(
        released_to=str(targets[0]),
        target_kind="contractor" if contractor else "caretaker" if caretaker else "staff",
        note=note.strip(),
    )
    event.save(update_fields=["data"])
    return event


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
    event = record(
        ticket,
        kind=TicketEvent.Kind.ASSIGNED,
        actor=actor,
        old=old,
        new={"assignee": str(assignee or ""), "team": str(ticket.team or "")},
        reason=reason,
    )
    if assignee is not None and assignee.pk != previous_assignee_id and assignee != actor.user:
        notify.ticket_assigned(ticket, key=f"assigned:{event.pk}")
    return event


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
    save_versioned(
        ticket,
        expected_version=expected_version,
        priority=priority,
        due_at=due_at,
        is_overdue=bool(due_at and due_at < timezone.now() and ticket.is_open),
    )
    return record(
        ticket,
        kind=TicketEvent.Kind.PRIORITY,
        actor=actor,
        old=old,
        new={"priority": priority, "due_at": due_at.isoformat() if due_at else None},
        reason=reason.strip(),
    )


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


def _main_ticket(ticket: Ticket) -> Ticket:
    """Follow `duplicate_of` to the ticket the work happens on; a cycle (bad data) stops the walk."""
    seen = {ticket.pk}
    while ticket.duplicate_of_id and ticket.duplicate_of_id not in seen:
        seen.add(ticket.duplicate_of_id)
        ticket = ticket.duplicate_of
    return ticket


@transaction.atomic
def link(ticket: Ticket, *, actor: Actor, to: Ticket) -> None:
    """Verknüpfen: two tickets belong together (same cause, same flat) but both stay open; each timeline
    says so, and the link is read back from those rows."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    if to.pk == ticket.pk:
        raise InvalidTicket(_("Eine Meldung kann nicht mit sich selbst verknüpft werden."))
    record(ticket, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=to.pk, reason=to.reference)
    record(to, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=ticket.pk, reason=ticket.reference)


@transaction.atomic
def mark_duplicate(
    ticket: Ticket, *, actor: Actor, of: Ticket, expected_version: int | None = None
) -> Ticket:
    """Als Duplikat ablehnen: the duplicate is rejected with a reason its reporter can read, and that
    reporter follows the main ticket from now on. Returns the main ticket."""
    from .services import ticket_add_affected  # services builds on this module

    if not actor.is_staff:
        raise TransitionNotAllowed()
    main = _main_ticket(of)
    if main.pk == ticket.pk:
        raise InvalidTicket(_("Eine Meldung kann nicht Duplikat von sich selbst sein."))
    reason = str(_("Duplikat von %(reference)s") % {"reference": main.reference})
    change_status(
        ticket,
        to=Status.REJECTED,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        duplicate_of=main,
    )
    party = ticket.reporter
    if party is not None and party.pk != main.reporter_id:
        if main.visibility == "public" and main.status in Status.active():
            ticket_add_affected(ticket=main, party=party)
        else:
            # ticket_add_affected is the tenant's own "Betrifft mich auch" and rightly refuses private or
            # closed tickets; here a case worker merged the reports, so the reporter follows the main
            # ticket without seeing it (AffectedParty grants no visibility, only updates).
            AffectedParty.objects.get_or_create(ticket=main, party=party)
    record(ticket, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=main.pk, reason=reason)
    record(
        main,
        kind=TicketEvent.Kind.LINKED,
        actor=actor,
        linked_ticket_id=ticket.pk,
        reason=str(_("Duplikat %(reference)s zusammengeführt") % {"reference": ticket.reference}),
    )
    return main
