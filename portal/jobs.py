"""Meine Aufträge: the caretaker's (Hauswart's) jobs in the portal, and each job's page with the same
steps a contractor takes through their link. Another caretaker's job answers 404."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tickets import work_orders
from tickets.models import WorkOrder
from tickets.status import Status

from .access import current_party, is_caretaker, resident_required
from .job_steps import STEPS, step_urls, take_step, tenant_contact


@resident_required
def jobs(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    if not is_caretaker(party):
        raise Http404
    page = Paginator(work_orders.caretaker_jobs(party), 25).get_page(request.GET.get("seite"))
    return render(request, "portal/jobs.html", {"page": page, "tickets": page.object_list})


def _job_or_404(request: HttpRequest, reference: str) -> WorkOrder:
    order = work_orders.caretaker_job(party=current_party(request), reference=reference)
    if order is None:
        raise Http404
    return order


@resident_required
def job(request: HttpRequest, reference: str) -> HttpResponse:
    order = _job_or_404(request, reference)
    ticket = order.ticket
    # The caretaker may see the ticket (it is released to them), so the portal's file door serves them.
    photos = ticket.attachments.filter(is_public=True, content_type__startswith="image/").order_by("pk")
    return render(
        request,
        "portal/job.html",
        {
            "order": order,
            "ticket": ticket,
            "photos": [
                (reverse("portal:attachment", args=[p.pk]), reverse("portal:attachment_thumb", args=[p.pk]))
                for p in photos
            ],
            "tenant": tenant_contact(ticket),
            "release_note": work_orders.release_note(order),
            "steps": work_orders.steps_open(order),
            "step_urls": step_urls("portal:job_step", ticket.reference),
            "is_closed": ticket.status in Status.closed(),
        },
    )


@resident_required
@require_POST
def job_step(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    order = _job_or_404(request, reference)
    if step not in STEPS:
        raise Http404
    if take_step(request, order, step) and step == work_orders.Step.DECLINE:
        return redirect("portal:jobs")
    return redirect("portal:job", reference=reference)
