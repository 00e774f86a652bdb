"""Who may use the portal, and the one helper that fetches a ticket for a resident or answers 404."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse

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

    Read by its reference first, with the places and the catalog item its pages show. A resident always
    sees what they reported (the first clause of the resident rule in `visible_to`), so only someone
    else's ticket asks the rule, apart and by primary key: its subqueries plus the joins cost PostgreSQL
    ~8 ms to plan in one query, and building them costs this process more than the whole fetch. Staff
    keep their own rule. No ORDER BY and LIMIT (the reference is unique) and no join to the reporter or
    the category (a page that shows them reads them): each doubled the planning of this query (3.3 ms
    with them at 50,000 tickets, 0.6 ms without).
    """
    found = (
        Ticket.objects.select_related("item", "property", "unit__building")
        .defer("search_vector")
        # Whether a process runs on it: only then does its page ask for the process and the roles in it.
        .annotate(process_pk=F("process__pk"))
        .filter(reference=reference)
    )
    ticket = next(iter(found), None)
    if ticket is None or not (_reported_by_resident(request, ticket) or _visible(request, ticket)):
        raise Http404
    return ticket


def _reported_by_resident(request: HttpRequest, ticket: Ticket) -> bool:
    party = current_party(request)
    return party is not None and ticket.reporter_id == party.pk and not request.user.is_staff


def _visible(request: HttpRequest, ticket: Ticket) -> bool:
    return Ticket.objects.visible_to(request.user).filter(pk=ticket.pk).exists()
