"""The contractor's work-order page: what the job needs, and buttons for accept, decline, appointment,
start and done. The signed link is the only key; a bad link gets a friendly page, never an error."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets import work_orders
from tickets.errors import InvalidTicket, TransitionNotAllowed
from tickets.models import WorkOrder
from tickets.status import Status
from tickets.uploads import UploadRefused, clean_images
from tickets.work_orders import Step

STEPS = (Step.ACCEPT, Step.DECLINE, Step.APPOINTMENT, Step.START, Step.DONE)


def _refusal(request: HttpRequest, reason: str) -> HttpResponse:
    # 404 like everything not allowed: a stale link says why, but not whether the job exists.
    return render(request, "portal/contractor/refused.html", {"reason": reason}, status=404)


def work_order(request: HttpRequest, token: str) -> HttpResponse:
    # The contractor pages are German: the link goes to German firms, whatever their browser says.
    with translation.override("de"):
        try:
            order = work_orders.work_order_for_token(token)
        except work_orders.LinkInvalid as exc:
            return _refusal(request, str(exc))
        return render(request, "portal/contractor/work_order.html", _context(order, token))


def _context(order: WorkOrder, token: str) -> dict:
    ticket = order.ticket
    steps = work_orders.steps_open(order)
    return {
        "order": order,
        "ticket": ticket,
        "token": token,
        "photos": ticket.attachments.filter(is_public=True, content_type__startswith="image/"),
        "tenant_phone": _tenant_phone(ticket) if ticket.phone_consent else "",
        "steps": steps,
        "is_closed": ticket.status in Status.closed(),
    }


def _tenant_phone(ticket) -> str:
    return ticket.reporter.phone if ticket.reporter_id else ticket.reporter_phone


@require_POST
def work_order_step(request: HttpRequest, token: str, step: str) -> HttpResponse:
    with translation.override("de"):
        try:
            order = work_orders.work_order_for_token(token)
        except work_orders.LinkInvalid as exc:
            return _refusal(request, str(exc))
        if step not in STEPS:
            return _refusal(request, _("Diese Aktion gibt es nicht."))
        try:
            done_message = _do(step, order, request)
        except (InvalidTicket, ValueError) as exc:
            messages.error(request, str(exc))
        except UploadRefused as exc:
            messages.error(request, str(exc.message))
        except TransitionNotAllowed:
            messages.error(request, _("Dieser Schritt ist im aktuellen Stand nicht möglich."))
        else:
            messages.success(request, done_message)
            if step == "decline":
                return render(request, "portal/contractor/declined.html", {"ticket": order.ticket})
        return redirect("contractor:work_order", token=token)


def _do(step: str, order: WorkOrder, request: HttpRequest) -> str:
    data = request.POST
    if step == "accept":
        work_orders.work_order_accept(work_order=order)
        return _("Vielen Dank, Sie haben den Auftrag angenommen.")
    if step == "decline":
        work_orders.work_order_decline(work_order=order, reason=data.get("reason", ""))
        return _("Sie haben den Auftrag abgelehnt.")
    if step == "appointment":
        when = _parse_appointment(data.get("date", ""), data.get("time", ""))
        work_orders.work_order_propose_appointment(work_order=order, when=when, note=data.get("note", ""))
        return _("Ihr Terminvorschlag wurde an die Mieterin / den Mieter weitergegeben.")
    if step == "start":
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
