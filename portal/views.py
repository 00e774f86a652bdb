"""The tenant portal's home page: my places, my open tickets, and the way to report something."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tickets.models import Ticket

from .access import current_party, resident_required
from .places import places_for


def my_tickets_queryset(request: HttpRequest):
    """Tickets I reported or said "betrifft mich auch" to, as far as I may see them."""
    party = current_party(request)
    return (
        Ticket.objects.visible_to(request.user)
        .filter(Q(reporter=party) | Q(affected__party=party))
        .select_related("item", "property", "unit__building")
        .distinct()
        .order_by("-created_at")
    )


@resident_required
def home(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    open_tickets = my_tickets_queryset(request).active()[:20]
    return render(
        request,
        "portal/home.html",
        {"party": party, "places": places_for(party), "open_tickets": open_tickets},
    )
