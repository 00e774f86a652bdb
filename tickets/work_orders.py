"""Work orders (Aufträge): one release of a ticket to a contractor, the signed link that is the
contractor's only key, and the steps they take through it. Which steps are open comes from the workflow's
allowed moves; every step is a timeline row, and whoever must hear of it (the tenant of an appointment,
the case worker of a decline, the contractor of a new order) is told by the timeline's subscribers."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .actors import Actor
from .errors import InvalidTicket, TransitionNotAllowed
from .models import TicketEvent, WorkOrder
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
        or not work_order.is_active
        or work_order.ticket_id != payload.get("t")
        or work_order.ticket.contractor_id != work_order.contractor_id
        # Back to "open": staff took the job back to assess it again.
        or work_order.ticket.status == Status.OPEN
    ):
        raise LinkInvalid(_("Dieser Auftrag liegt nicht mehr bei Ihnen."))
    return work_order


def steps_open(work_order: WorkOrder) -> set[str]:
    """The steps the contractor may take now. Status steps are the workflow's allowed moves; a job can be
    given back only before work started, and nothing is open on a closed ticket."""
    ticket = work_order.ticket
    if ticket.status in Status.closed() or not work_order.is_active:
        return set()
    moves = workflow.allowed_moves(ticket, Actor.for_contractor(work_order.contractor))
    steps = {Step.APPOINTMENT}
    if work_order.accepted_at is None:
        steps.add(Step.ACCEPT)
    if ticket.status == Status.RELEASED:
        steps.add(Step.DECLINE)
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
        actor=Actor.for_contractor(work_order.contractor),
        is_public=step in {"appointment", "started", "done"},
        step=step,
        work_order_id=work_order.pk,
        **data,
    )


@transaction.atomic
def work_order_accept(*, work_order: WorkOrder) -> None:
    _require(work_order, Step.ACCEPT)
    WorkOrder.objects.filter(pk=work_order.pk).update(accepted_at=timezone.now())
    _step(work_order, "accepted")


@transaction.atomic
def work_order_decline(*, work_order: WorkOrder, reason: str) -> None:
    """The contractor gives the job back: the link dies and the ticket returns to the case worker."""
    _require(work_order, Step.DECLINE)
    reason = reason.strip()
    if not reason:
        raise InvalidTicket(_("Bitte nennen Sie einen Grund."))
    ticket = work_order.ticket
    WorkOrder.objects.filter(pk=work_order.pk).update(declined_at=timezone.now(), decline_reason=reason)
    _step(work_order, "declined", reason=reason)
    workflow.change_status(ticket, to=Status.OPEN, actor=Actor.system(), contractor=None)


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
    workflow.change_status(
        work_order.ticket, to=Status.IN_PROGRESS, actor=Actor.for_contractor(work_order.contractor)
    )
    _step(work_order, "started")


@transaction.atomic
def work_order_finish(*, work_order: WorkOrder, note: str = "", images: list[CleanImage] = ()) -> None:
    """Erledigt: the status moves to done, with the contractor's note and photos of the finished work."""
    _require(work_order, Step.DONE)
    actor = Actor.for_contractor(work_order.contractor)
    workflow.change_status(work_order.ticket, to=Status.DONE, actor=actor)
    _step(work_order, "done", note=note.strip())
    if images:
        attachments_add(ticket=work_order.ticket, images=list(images), actor=actor)
