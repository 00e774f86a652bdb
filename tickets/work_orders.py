"""Work orders (Aufträge): one release of a ticket to a contractor or a caretaker (Hauswart), the signed
link that is the contractor's only key, and the steps either takes through it. Which steps are open comes
from the workflow's allowed moves for whoever does the work; every step is a timeline row, and whoever
must hear of it (the tenant of an appointment, the case worker of a decline, the worker of a new order)
is told by the timeline's subscribers."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .actors import Actor
from .errors import InvalidTicket, TransitionNotAllowed
from .models import Ticket, TicketEvent, WorkOrder
from .status import Status
from .timeline import record
from .uploads import CleanImage, attachments_add

LINK_MAX_AGE = dt.timedelta(days=30)
# Kept from when work orders lived in notifications: links already sent stay valid.
SALT = "notifications.work_order"


class LinkInvalid(Exception):
    """The link was tampered with, expired, or the job is no longer this contractor's."""


class Step:
    ACCEPT = "accept"
    DECLINE = "decline"
    APPOINTMENT = "appointment"
    START = "start"
    DONE = "done"


def make_token(work_order: WorkOrder) -> str:
    payload = {
        "w": work_order.pk,
        "c": work_order.contractor_id,
        "t": work_order.ticket_id,
        "n": work_order.nonce,
    }
    return signing.TimestampSigner(salt=SALT).sign_object(payload)


def work_order_for_token(token: str) -> WorkOrder:
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkInvalid(_("Dieser Link ist abgelaufen.")) from exc
    except signing.BadSignature as exc:
        raise LinkInvalid(_("Dieser Link ist ungültig.")) from exc
    work_order = (
        WorkOrder.objects.select_related(
            "ticket__property", "ticket__unit__building", "ticket__item", "contractor"
        )
        .filter(pk=payload.get("w"), nonce=payload.get("n"), contractor_id=payload.get("c"))
        .first()
    )
    if (
        work_order is None
        or work_order.contractor_id is None
        or not work_order.is_active
        or work_order.ticket_id != payload.get("t")
        or work_order.ticket.contractor_id != work_order.contractor_id
        # Back to "open": staff took the job back to assess it again.
        or work_order.ticket.status == Status.OPEN
    ):
        raise LinkInvalid(_("Dieser Auftrag liegt nicht mehr bei Ihnen."))
    return work_order


def caretaker_jobs(party) -> QuerySet[Ticket]:
    """Meine Aufträge: the tickets released to this caretaker, the ones still to do first."""
    still_to_do = When(status__in=Status.active(), then=Value(0))
    return (
        Ticket.objects.filter(caretaker=party)
        .exclude(status=Status.OPEN)
        .select_related("item", "property", "unit__building")
        .annotate(done_last=Case(still_to_do, default=Value(1), output_field=IntegerField()))
        .order_by("done_last", "due_at", "-id")
    )


def caretaker_job(*, party, reference: str) -> WorkOrder | None:
    """The live order behind a ticket released to this caretaker; None for anyone else's job."""
    return (
        WorkOrder.objects.select_related(
            "ticket__property", "ticket__unit__building", "ticket__item", "caretaker"
        )
        .filter(
            caretaker=party,
            ticket__caretaker=party,
            ticket__reference=reference,
            revoked_at=None,
            declined_at=None,
        )
        .exclude(ticket__status=Status.OPEN)
        .first()
    )


def release_note(work_order: WorkOrder) -> str:
    """The case worker's note to whoever does the job (Hinweis zum Auftrag), from the release that issued
    this order: the job page shows it as the mail did."""
    release = (
        work_order.ticket.events.filter(kind=TicketEvent.Kind.STATUS, data__work_order_id=work_order.pk)
        .only("data")
        .first()
    )
    return (release.data.get("note") or "") if release else ""


def worker(work_order: WorkOrder) -> Actor:
    """Whoever does the job acts in its steps: the contractor through their link, or the caretaker."""
    if work_order.caretaker_id is not None:
        return Actor.for_party(work_order.caretaker)
    return Actor.for_contractor(work_order.contractor)


def steps_open(work_order: WorkOrder) -> set[str]:
    """The steps the worker may take now. Status steps are the workflow's allowed moves; a job can be
    given back only before work started, and nothing is open on a closed ticket."""
    ticket = work_order.ticket
    if ticket.status in Status.closed() or not work_order.is_active:
        return set()
    moves = workflow.allowed_moves(ticket, worker(work_order))
    steps = {Step.APPOINTMENT}
    # Accepting and giving back belong before the work: once started, the job is taken.
    if ticket.status == Status.RELEASED:
        steps.add(Step.DECLINE)
        if work_order.accepted_at is None:
            steps.add(Step.ACCEPT)
    if Status.IN_PROGRESS in moves:
        steps.add(Step.START)
    if Status.DONE in moves:
        steps.add(Step.DONE)
    return steps


def _require(work_order: WorkOrder, step: str) -> None:
    if step not in steps_open(work_order):
        raise TransitionNotAllowed()


def _step(work_order: WorkOrder, step: str, **data) -> TicketEvent:
    return record(
        work_order.ticket,
        kind=TicketEvent.Kind.CONTRACTOR,
        actor=worker(work_order),
        is_public=step in {"appointment", "started", "done"},
        step=step,
        work_order_id=work_order.pk,
        worker="caretaker" if work_order.caretaker_id else "contractor",
        **data,
    )


@transaction.atomic
def work_order_accept(*, work_order: WorkOrder) -> None:
    _require(work_order, Step.ACCEPT)
    WorkOrder.objects.filter(pk=work_order.pk).update(accepted_at=timezone.now())
    _step(work_order, "accepted")


@transaction.atomic
def work_order_decline(*, work_order: WorkOrder, reason: str) -> None:
    """The worker gives the job back: the order (and a contractor's link) dies and the ticket returns to
    the case worker."""
    _require(work_order, Step.DECLINE)
    reason = reason.strip()
    if not reason:
        raise InvalidTicket(_("Bitte nennen Sie einen Grund."))
    ticket = work_order.ticket
    WorkOrder.objects.filter(pk=work_order.pk).update(declined_at=timezone.now(), decline_reason=reason)
    _step(work_order, "declined", reason=reason)
    workflow.change_status(ticket, to=Status.OPEN, actor=Actor.system(), contractor=None, caretaker=None)


@transaction.atomic
def work_order_propose_appointment(*, work_order: WorkOrder, when: dt.datetime, note: str = "") -> None:
    """A proposed appointment is recorded; the tenant hears of it from the timeline row."""
    _require(work_order, Step.APPOINTMENT)
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when < timezone.now():
        raise InvalidTicket(_("Der Termin liegt in der Vergangenheit."))
    WorkOrder.objects.filter(pk=work_order.pk).update(appointment_at=when, accepted_at=timezone.now())
    work_order.appointment_at = when
    _step(work_order, "appointment", at=when.isoformat(), note=note.strip())


@transaction.atomic
def work_order_start(*, work_order: WorkOrder) -> None:
    _require(work_order, Step.START)
    workflow.change_status(work_order.ticket, to=Status.IN_PROGRESS, actor=worker(work_order))
    _step(work_order, "started")


@transaction.atomic
def work_order_finish(*, work_order: WorkOrder, note: str = "", images: list[CleanImage] = ()) -> None:
    """Erledigt: the status moves to done, with the worker's note and photos of the finished work."""
    _require(work_order, Step.DONE)
    actor = worker(work_order)
    workflow.change_status(work_order.ticket, to=Status.DONE, actor=actor)
    photos = attachments_add(ticket=work_order.ticket, images=list(images), actor=actor) if images else []
    _step(work_order, "done", note=note.strip(), photo_ids=[photo.pk for photo in photos])


def contractor_orders(contractor):
    """A contractor's live orders, as their signed link would find them: not revoked or declined, the
    ticket still released to them and not taken back to "open". The exchange API reads them here."""
    return (
        WorkOrder.objects.select_related(
            "ticket__property", "ticket__unit__building", "ticket__item", "ticket__reporter", "contractor"
        )
        .filter(
            contractor=contractor,
            ticket__contractor=contractor,
            revoked_at=None,
            declined_at=None,
        )
        .exclude(ticket__status=Status.OPEN)
    )
