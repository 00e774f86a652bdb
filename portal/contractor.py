"""The contractor's work-order page: what the job needs, and buttons for the steps open now. The signed
link is the only key; a bad link gets a friendly page, never an error, and the tenant's photos open only
through it."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets import work_orders
from tickets.models import Attachment, Ticket, WorkOrder
from tickets.status import Status

from .job_steps import STEPS, step_urls, take_step, tenant_contact


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
    return {
        "order": order,
        "ticket": ticket,
        "client": settings.COMPANY,
        "photos": [
            (
                reverse("contractor:photo", args=[token, p.pk]),
                reverse("contractor:photo_thumb", args=[token, p.pk]),
            )
            for p in _photos(ticket)
        ],
        "tenant": tenant_contact(ticket),
        "release_note": work_orders.release_note(order),
        "steps": work_orders.steps_open(order),
        "step_urls": step_urls("contractor:step", token),
        "is_closed": ticket.status in Status.closed(),
    }


def _photos(ticket: Ticket):
    """What the tenant (or staff, for them) showed of the job: the ticket's public images."""
    return ticket.attachments.filter(is_public=True, content_type__startswith="image/").order_by("pk")


@require_POST
def work_order_step(request: HttpRequest, token: str, step: str) -> HttpResponse:
    with translation.override("de"):
        try:
            order = work_orders.work_order_for_token(token)
        except work_orders.LinkInvalid as exc:
            return _refusal(request, str(exc))
        if step not in STEPS:
            return _refusal(request, _("Diese Aktion gibt es nicht."))
        if take_step(request, order, step) and step == work_orders.Step.DECLINE:
            return render(request, "portal/contractor/declined.html", {"ticket": order.ticket})
        return redirect("contractor:work_order", token=token)


def photo(request: HttpRequest, token: str, pk: int, thumbnail: bool = False) -> HttpResponse:
    """A photo of this job, through its link only: another job's photo, a private file or a dead link
    answer 404."""
    try:
        order = work_orders.work_order_for_token(token)
    except work_orders.LinkInvalid as exc:
        raise Http404 from exc
    found: Attachment = get_object_or_404(_photos(order.ticket), pk=pk)
    stored = found.thumbnail if thumbnail and found.thumbnail else found.file
    return FileResponse(stored.open("rb"), content_type=found.content_type, filename=found.original_name)
