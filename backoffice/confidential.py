"""Vertraulich: a case worker keeps a case to themselves (staff with the confidential permission still
see it), or opens it to colleagues again. Recorded on the timeline like every change."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets import workflow
from tickets.actors import Actor
from tickets.errors import StaleTicket
from tickets.models import Ticket, TicketEvent

from .access import get_ticket_or_404, staff_required


@transaction.atomic
def ticket_restrict(*, ticket: Ticket, actor: Actor, confidential: bool, reason: str = "") -> None:
    """Restrict the case to the acting colleague, or lift the restriction. Only staff act here."""
    if not actor.is_staff:
        raise Http404
    workflow.save_versioned(ticket, restricted_to=actor.user if confidential else None)
    workflow.record(
        ticket,
        kind=TicketEvent.Kind.DATA_CHANGE,
        actor=actor,
        confidential=confidential,
        reason=reason.strip()
        or (_("Als vertraulich markiert.") if confidential else _("Nicht mehr vertraulich.")),
    )


@require_POST
@staff_required
def confidential(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_ticket_or_404(request, reference)
    want = request.POST.get("vertraulich") == "1"
    try:
        ticket_restrict(
            ticket=ticket,
            actor=Actor.for_user(request.user),
            confidential=want,
            reason=request.POST.get("anlass", "")[:500],
        )
    except StaleTicket:
        messages.error(request, _("Die Meldung wurde zwischenzeitlich geändert. Bitte erneut versuchen."))
        return HttpResponseRedirect(reverse("backoffice:ticket", args=[reference]))
    if want:
        messages.success(request, _("Der Vorgang ist jetzt vertraulich und nur für Sie sichtbar."))
        return HttpResponseRedirect(reverse("backoffice:ticket", args=[reference]))
    messages.success(request, _("Der Vorgang ist wieder für alle Kolleginnen und Kollegen sichtbar."))
    return HttpResponseRedirect(reverse("backoffice:ticket", args=[reference]))


urlpatterns = [
    path("meldungen/<str:reference>/vertraulich/", confidential, name="confidential"),
]
