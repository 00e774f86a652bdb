"""Who may use the portal, and the one helper that fetches a ticket for a resident or answers 404."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from estate.models import CaretakerAssignment, Party
from tickets.models import Ticket


def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and tied to a party. Staff without a party have no portal of their own: 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if current_party(request) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def current_party(request: HttpRequest) -> Party | None:
    return getattr(request.user, "party", None) if request.user.is_authenticated else None


def is_caretaker(party: Party | None) -> bool:
    """Hauswart: a resident who looks after a property now, and so works the jobs released to them. A page
    that read the party's places already knows (`places.places_for`): the menu then asks nothing more."""
    if party is None:
        return False
    known = getattr(party, "_is_caretaker", None)
    if known is None:
        known = party._is_caretaker = CaretakerAssignment.objects.current().filter(party=party).exists()
    return known


def visible_ticket(request: HttpRequest, reference: str) -> Ticket:
    """The ticket if this user may see it, else 404 (never 403: nobody learns that it exists).

    Two steps on purpose: the visibility rule's subqueries plus five joins cost PostgreSQL ~8 ms just to
    plan; asked apart, the check and the fetch by primary key plan in about 1 ms each.
    """
    pk = Ticket.objects.visible_to(request.user).filter(reference=reference).values_list("pk", flat=True)
    pk = pk.first()
    if pk is None:
        raise Http404
    tickets = Ticket.objects.select_related("item", "category", "property", "unit__building", "reporter")
    return get_object_or_404(tickets, pk=pk)
