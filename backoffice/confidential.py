"""Vertraulich: the ticket page's button to keep a case to oneself or open it again; the rule is
tickets.workflow.restrict."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets import workflow
from tickets.actors import Actor
from tickets.errors import StaleTicket

from .access import get_ticket_or_404, posted_version, staff_required


@require_POST
@staff_required
def confidential(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_ticket_or_404(request, reference)
    want = request.POST.get("vertraulich") == "1"
    try:
        workflow.restrict(
            ticket,
            actor=Actor.for_user(request.user),
            confidential=want,
            reason=request.POST.get("anlass", "")[:500],
            expected_version=posted_version(request),
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
    path("meldungen/<ref:reference>/vertraulich/", confidential, name="confidential"),
]
