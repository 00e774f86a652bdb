"""Contractor work orders (Aufträge): the signed link in the work-order e-mail and the steps a contractor
takes through it. Status moves go through tickets.workflow; every step is a timeline row."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets import workflow
from tickets.actors import Actor
from tickets.errors import InvalidTicket
from tickets.models import TicketEvent
from tickets.status import Status
from tickets.uploads import CleanImage, attachments_add

from . import rules
from .models import WorkOrder

LINK_MAX_AGE = dt.timedelta(days=30)
SALT = "notifications.work_order"


class LinkInvalid(Exception):
    """The link was tampered with, expired, or the job is no longer this contractor's."""


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


def work_order_issue(*, ticket, contractor, note: str = "") -> WorkOrder:
    """Called by the release: earlier links for this ticket die, the contractor gets a new one by e-mail."""
    WorkOrder.objects.filter(ticket=ticket, revoked_at__isnull=True).update(revoked_at=timezone.now())
    work_order = WorkOrder.objects.create(ticket=ticket, contractor=contractor)
    link = rules.absolute(reverse("contractor:work_order", args=[make_token(work_order)]))
    recipient = rules.Recipient(address=contractor.email, name=contractor.name)

    def compose():
        lines = [
            _("wir beauftragen Sie mit folgender Arbeit:"),
            rules._what(ticket),
            ticket.description,
            _(
                "Bitte bestätigen oder lehnen Sie den Auftrag über den folgenden Link ab. Dort schlagen Sie "
                "auch einen Termin vor und melden Beginn und Erledigung. Der Link gilt 30 Tage."
            ),
        ]
        if note:
            lines.insert(3, note)
        return _("Auftrag: %(what)s") % {"what": ticket.item.label}, lines

    rules.tell(
        recipient,
        kind="work_order",
        key=str(work_order.pk),
        ticket=ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Auftrag öffnen"),
    )
    return work_order


def work_orders_revoke(*, ticket) -> None:
    WorkOrder.objects.filter(ticket=ticket, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _step(work_order: WorkOrder, step: str, **data) -> TicketEvent:
    return workflow.record(
        work_order.ticket,
        kind=TicketEvent.Kind.CONTRACTOR,
        actor=Actor.for_contractor(work_order.contractor),
        is_public=step in {"appointment", "started", "done"},
        step=step,
        **data,
    )


@transaction.atomic
def work_order_accept(*, work_order: WorkOrder) -> None:
    if work_order.accepted_at is None:
        WorkOrder.objects.filter(pk=work_order.pk).update(accepted_at=timezone.now())
        _step(work_order, "accepted")


@transaction.atomic
def work_order_decline(*, work_order: WorkOrder, reason: str) -> None:
    """The contractor gives the job back: the link dies and the ticket returns to the case worker."""
    reason = reason.strip()
    if not reason:
        raise InvalidTicket(_("Bitte nennen Sie einen Grund."))
    ticket = work_order.ticket
    WorkOrder.objects.filter(pk=work_order.pk).update(declined_at=timezone.now(), decline_reason=reason)
    _step(work_order, "declined", reason=reason)
    if ticket.status == Status.RELEASED:
        workflow.change_status(ticket, to=Status.OPEN, actor=Actor.system(), contractor=None)
    rules.tell(
        rules.for_staff(ticket.assignee),
        kind="work_order_declined",
        key=str(work_order.pk),
        ticket=ticket,
        compose=lambda: (
            _("Auftrag abgelehnt von %(name)s") % {"name": work_order.contractor.name},
            [_("Begründung: %(reason)s") % {"reason": reason}, rules._what(ticket)],
        ),
    )


@transaction.atomic
def work_order_propose_appointment(*, work_order: WorkOrder, when: dt.datetime, note: str = "") -> None:
    """A proposed appointment is recorded and the tenant is told."""
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when < timezone.now():
        raise InvalidTicket(_("Der Termin liegt in der Vergangenheit."))
    WorkOrder.objects.filter(pk=work_order.pk).update(appointment_at=when, accepted_at=timezone.now())
    event = _step(work_order, "appointment", at=when.isoformat(), note=note.strip())
    ticket = work_order.ticket

    def compose():
        day = timezone.localtime(when).strftime("%d.%m.%Y %H:%M")
        lines = [
            _("die Firma %(name)s schlägt für Ihre Meldung einen Termin vor: %(day)s.")
            % {"name": work_order.contractor.name, "day": day},
            rules._what(ticket),
        ]
        if note.strip():
            lines.append(note.strip())
        lines.append(_("Passt Ihnen der Termin nicht, antworten Sie bitte auf diese E-Mail."))
        return _("Terminvorschlag für Ihre Meldung"), lines

    rules.tell(
        rules.for_reporter(ticket), kind="appointment", key=str(event.pk), ticket=ticket, compose=compose
    )


@transaction.atomic
def work_order_start(*, work_order: WorkOrder) -> None:
    workflow.change_status(
        work_order.ticket, to=Status.IN_PROGRESS, actor=Actor.for_contractor(work_order.contractor)
    )
    _step(work_order, "started")


@transaction.atomic
def work_order_finish(*, work_order: WorkOrder, note: str = "", images: list[CleanImage] = ()) -> None:
    """Erledigt: the status moves to done, with the contractor's note and photos of the finished work."""
    actor = Actor.for_contractor(work_order.contractor)
    workflow.change_status(work_order.ticket, to=Status.DONE, actor=actor)
    _step(work_order, "done", note=note.strip())
    if images:
        attachments_add(ticket=work_order.ticket, images=list(images), actor=actor)
