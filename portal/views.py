"""The tenant portal's home page: my places, my open tickets, and the way to report something."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from letting.models import Letting
from tickets.models import AffectedParty, Ticket

from .access import current_party, resident_required
from .places import places_for

# What a row of the ticket lists shows (portal/_ticket_list.html, building_tickets.html): the lists read
# these columns alone, not the forty of a ticket (its answers' JSON, its search column) and the catalog
# item's. A column a row starts to show goes here too, or each row asks for it: the lists' query-count
# tests then fail.
LIST_COLUMNS = (
    "reference",
    "status",
    "created_at",
    "reporter",
    "common_area",
    "item__name_de",
    "item__name_en",
    "item__name_nl",
    "property__name",
    "unit__number",
    "unit__floor",
    "unit__building__street",
    "unit__building__house_number",
)


# What the home's Mietvertrag cards (home.html) show of a letting: not its ticket's forty columns.
LETTING_COLUMNS = (
    "state",
    "start",
    "unit__number",
    "unit__floor",
    "unit__building__street",
    "unit__building__house_number",
    "unit__building__postcode",
    "unit__building__city",
    "process__ticket__reference",
)


def list_rows(tickets):
    """`tickets` as the rows of a ticket list."""
    return tickets.select_related("item", "property", "unit__building").only(*LIST_COLUMNS)


def my_tickets_queryset(request: HttpRequest):
    """Tickets I reported or said "betrifft mich auch" to, as far as I may see them.

    The "affects me" ids are read first (a handful): `reporter = me OR id IN (list)` lets PostgreSQL
    combine two index scans, where a join or a subquery inside the OR scans every ticket (1.5 s at 1M).
    What a resident reported they always see (`access.visible_ticket`), so the visibility rule is asked
    only when there are tickets of others in the list, or of staff: building its subqueries cost more
    than the rest of the query.
    """
    party = current_party(request)
    affected_ids = list(AffectedParty.objects.filter(party=party).values_list("ticket_id", flat=True))
    tickets = Ticket.objects.all()
    if affected_ids or request.user.is_staff:
        tickets = tickets.visible_to(request.user)
    return list_rows(tickets.filter(Q(reporter=party) | Q(pk__in=affected_ids))).order_by(
        "-created_at", "-id"
    )


@resident_required
def home(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    lettings = list(Letting.objects.open_for(party).only(*LETTING_COLUMNS))
    # A Mietvertrag waiting for a signature has its card above: its ticket is not listed a second time.
    carded = [x.process.ticket.pk for x in lettings if x.state != Letting.State.CONCLUDED]
    open_tickets = my_tickets_queryset(request).active().exclude(pk__in=carded)[:20]
    return render(
        request,
        "portal/home.html",
        {
            "party": party,
            "places": places_for(party),
            "open_tickets": open_tickets,
            "lettings_to_sign": [x for x in lettings if x.state == Letting.State.OFFERED],
            "lettings_at_countersign": [x for x in lettings if x.state == Letting.State.TENANT_SIGNED],
            "tenancies_ahead": [x for x in lettings if x.state == Letting.State.CONCLUDED],
        },
    )
