"""What is offered where, and what is still free: the services of a tenant's building and the parking
spaces and cellar rooms nobody holds (subscriptions.booking asks here before it books).

    home_of(party) -> Tenancy | None                     the tenancy whose building decides the offer
    offered_services(prop) / offered_service(party, code)
    free_units(service, prop) / free_units_any(prop) / free_unit_counts(prop)
"""

import datetime as dt

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from estate.models import Party, Property, Tenancy, Unit

from .models import Service, Subscription

SPACE_KINDS = [Unit.Kind.PARKING, Unit.Kind.STORAGE]


def home_of(party: Party) -> Tenancy | None:
    """The tenant's current tenancy of a home (a flat first): its building decides what is offered."""
    tenancies = Tenancy.objects.current().filter(party=party).select_related("unit__building__property")
    flat_first = Case(When(unit__kind=Unit.Kind.FLAT, then=Value(0)), default=Value(1))
    return tenancies.order_by(flat_first, "start", "pk").first()


def offered_services(prop: Property):
    return Service.objects.offered_at(prop.pk).order_by("position", "name_de")


def offered_service(party: Party, code: str) -> Service | None:
    home = home_of(party)
    if home is None or "\x00" in code:
        return None
    return offered_services(home.unit.building.property).filter(code=code).first()


def holding_now(today: dt.date):
    """Agreements that keep their unit today: asked for, or running and not yet past their end."""
    return Subscription.objects.holding().filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _free(prop: Property, kinds, today: dt.date | None):
    """The one rule of a free space: a unit of these kinds in the property that no agreement holds and no
    tenancy rents today."""
    today = today or timezone.localdate()
    rented = Tenancy.objects.current(today).filter(unit=OuterRef("pk"))
    held = holding_now(today).filter(unit=OuterRef("pk"))
    return (
        Unit.objects.filter(building__property=prop, kind__in=kinds)
        .exclude(Exists(rented))
        .exclude(Exists(held))
    )


def free_units(service: Service, prop: Property, *, today: dt.date | None = None):
    """Units of the service's kind in the property that nobody holds today."""
    if not service.unit_kind:
        return Unit.objects.none()
    return (
        _free(prop, [service.unit_kind], today)
        .select_related("building")
        .order_by("building__street", "building__house_number", "number")
    )


def free_units_any(prop: Property, *, today: dt.date | None = None):
    """Every parking space and cellar room in the property that nobody holds today (a staff form's choice)."""
    return (
        _free(prop, SPACE_KINDS, today)
        .select_related("building")
        .order_by("kind", "building__street", "building__house_number", "number")
    )


def free_unit_counts(prop: Property, *, today: dt.date | None = None) -> dict[str, int]:
    """How many parking spaces and cellar rooms are still free in the property: one query for the page."""
    rows = _free(prop, SPACE_KINDS, today).values("kind").annotate(free=Count("pk"))
    return {row["kind"]: row["free"] for row in rows}
