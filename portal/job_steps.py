"""The worker's steps as forms post them, shared by the contractor's link page and the caretaker's job
page: which step, with what input, and the words that confirm it. The rules are in tickets.work_orders."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets import work_orders
from tickets.errors import TicketError, TransitionNotAllowed
from tickets.models import Ticket, WorkOrder
from tickets.uploads import UploadRefused, clean_images
from tickets.work_orders import Step

STEPS = (Step.ACCEPT, Step.DECLINE, Step.APPOINTMENT, Step.START, Step.DONE)


def step_urls(url_name: str, key: str) -> dict[str, str]:
    """Where each step's form posts: `key` is the contractor's token or the ticket's reference."""
    return {step: reverse(url_name, args=[key, step]) for step in STEPS}


def tenant_contact(ticket: Ticket) -> dict:
    """The tenant's name and phone for whoever does the job, only where the tenant agreed to be called
    (and never for an anonymous report, whose reporter only staff may know)."""
    if not ticket.phone_consent or ticket.is_anonymous:
        return {}
    if ticket.reporter_id:
        return {"name": ticket.reporter.display_name, "phone": ticket.reporter.phone}
    return {"name": ticket.reporter_name, "phone": ticket.reporter_phone}


def take_step(request: HttpRequest, order: WorkOrder, step: str) -> bool:
    """Take the step and say how it went in a message; False when it was refused and nothing stored."""
    try:
        done = _do(step, order, request)
    except TransitionNotAllowed:
        messages.error(request, _("Dieser Schritt ist im aktuellen Stand nicht möglich."))
    except TicketError as refused:
        messages.error(request, str(refused.message))
    except UploadRefused as refused:
        messages.error(request, str(refused.message))
    except ValueError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
        return True
    return False


def _do(step: str, order: WorkOrder, request: HttpRequest) -> str:
    data = request.POST
    if step == Step.ACCEPT:
        work_orders.work_order_accept(work_order=order)
        return _("Vielen Dank, Sie haben den Auftrag angenommen.")
    if step == Step.DECLINE:
        work_orders.work_order_decline(work_order=order, reason=data.get("reason", ""))
        return _("Sie haben den Auftrag abgelehnt.")
    if step == Step.APPOINTMENT:
        when = _parse_appointment(data.get("date", ""), data.get("time", ""))
        work_orders.work_order_propose_appointment(work_order=order, when=when, note=data.get("note", ""))
        return _("Ihr Terminvorschlag wurde an die Mieterin / den Mieter weitergegeben.")
    if step == Step.START:
        work_orders.work_order_start(work_order=order)
        return _("Beginn der Arbeiten gemeldet.")
    images = clean_images(request.FILES.getlist("photos"))
    work_orders.work_order_finish(work_order=order, note=data.get("note", ""), images=images)
    return _("Erledigung gemeldet. Vielen Dank!")


def _parse_appointment(date: str, time: str) -> dt.datetime:
    try:
        naive = dt.datetime.fromisoformat(f"{date}T{time or '08:00'}")
    except ValueError as exc:
        raise ValueError(_("Bitte geben Sie Datum und Uhrzeit an.")) from exc
    return timezone.make_aware(naive)
