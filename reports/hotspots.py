"""Hot spots (Schadensschwerpunkte): the same catalog item reported again at the same unit, or at the same
building, in the last 12 and 24 months, ranked by the last year's count. Each summary row knows the date of
the previous report of its item at its unit and building (reports/repeats.py), so a place with repeats is
found from the rows whose previous report lies in the window, read from a partial index, and the two
years of single reports are never grouped: k reports of an item at a place in the window are the k - 1
rows that repeat one, plus the first.

The counts take every report at the place, whichever team handled it (the tickets behind a row are listed
the same way); a team's page shows the places where that team received a repeated report. Property and
category narrow as everywhere: the same item at the same place is always in the same property and
category."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, Min, Q, Value, When
from django.utils import timezone

from catalogs.models import CatalogItem
from estate.models import Building, Property, Unit
from reports.models import TicketFact

from .scope import Scope

LIMIT = 20


def _since(scope: Scope, months: int) -> dt.datetime:
    end = scope.until
    return end - dt.timedelta(days=round(months * 365.25 / 12))


def _ranked(scope: Scope, keys: list[str], *, link: str):
    if scope.property_id:
        return _ranked_in_property(scope, keys)
    since24, since12 = _since(scope, 24), _since(scope, 12)
    repeats = TicketFact.objects.filter(**{f"{link}__gte": since24}, created_at__lt=scope.until)
    if scope.category_id:
        repeats = repeats.filter(category_id=scope.category_id)
    rows = repeats.values(*keys).annotate(
        repeats=Count("created_at"),
        repeats12=Count("created_at", filter=Q(created_at__gte=since12)),
        first=Min(link),
    )
    if scope.team_id:
        rows = rows.annotate(by_team=Count("created_at", filter=Q(team_id=scope.team_id))).filter(
            by_team__gt=0
        )
    # The first report in the window is the earliest link; it counts for 12 months when it lies in them.
    rows = rows.annotate(
        n24=F("repeats") + 1,
        n12=F("repeats12")
        + Case(When(first__gte=since12, then=Value(1)), default=Value(0), output_field=IntegerField()),
    )
    found = list(rows.order_by("-n12", "-n24", *keys)[:LIMIT])
    for row in found:
        for key in ("repeats", "repeats12", "first", "by_team"):
            row.pop(key, None)
    return found


def _ranked_in_property(scope: Scope, keys: list[str]):
    """One property's two years are a few hundred rows, read by the property's index: grouped directly."""
    rows = TicketFact.objects.filter(
        property_id=scope.property_id, created_at__gte=_since(scope, 24), created_at__lt=scope.until
    )
    if scope.category_id:
        rows = rows.filter(category_id=scope.category_id)
    if "unit_id" in keys:
        rows = rows.filter(unit_id__isnull=False)
    grouped = rows.values(*keys).annotate(
        n24=Count("created_at"), n12=Count("created_at", filter=Q(created_at__gte=_since(scope, 12)))
    )
    if scope.team_id:
        grouped = grouped.annotate(by_team=Count("created_at", filter=Q(team_id=scope.team_id))).filter(
            by_team__gt=0
        )
    found = list(grouped.filter(n24__gte=2).order_by("-n12", "-n24", *keys)[:LIMIT])
    for row in found:
        row.pop("by_team", None)
    return found


def hotspots(scope: Scope, *, buildings: bool = True) -> dict:
    """{"units": [...], "buildings": [...]}, each row with its place, item and both counts. A building row
    counts the item at the building, in its units and its common areas (a common area belongs to the
    property, so a ticket without a unit counts for the property). The overview, which shows units only,
    passes `buildings=False` and gets an empty list there."""
    units = _ranked(scope, ["unit_id", "item_id"], link="prev_unit_at")
    buildings = (
        _ranked(scope, ["property_id", "building_id", "item_id"], link="prev_place_at") if buildings else []
    )
    items = CatalogItem.objects.in_bulk({r["item_id"] for r in units + buildings})
    unit_names = Unit.objects.select_related("building").in_bulk({r["unit_id"] for r in units})
    building_names = Building.objects.in_bulk({r["building_id"] for r in buildings if r["building_id"]})
    properties = Property.objects.in_bulk({r["property_id"] for r in buildings if not r["building_id"]})
    since = timezone.localtime(_since(scope, 24)).date()
    for row in units:
        row["place"] = str(unit_names.get(row["unit_id"], ""))
        row["query"] = {"einheit": row["unit_id"], "anliegen": row["item_id"], "seit": since.isoformat()}
    for row in buildings:
        if row["building_id"]:
            row["place"] = str(building_names.get(row["building_id"], ""))
            row["query"] = {
                "gebaeude": row["building_id"],
                "anliegen": row["item_id"],
                "seit": since.isoformat(),
            }
        else:
            row["place"] = getattr(properties.get(row["property_id"]), "name", "")
            row["query"] = {
                "liegenschaft": row["property_id"],
                "anliegen": row["item_id"],
                "seit": since.isoformat(),
            }
    for row in units + buildings:
        row["querystring"] = urlencode(row["query"])
        item = items.get(row["item_id"])
        row["item"] = item.label if item else ""
    return {"units": units, "buildings": buildings}


def hotspot_tickets(query: dict):
    """The tickets behind one hot spot row (ids from the report's own link; visibility is the caller's)."""
    try:
        since = dt.date.fromisoformat(query.get("seit", ""))
        item_id = int(query["anliegen"])
        place = {
            "einheit": "unit_id",
            "gebaeude": "unit__building_id",
            "liegenschaft": "property_id",
        }
        found = [(field, int(query[key])) for key, field in place.items() if query.get(key)]
    except (KeyError, ValueError):
        return None
    if len(found) != 1:
        return None
    field, value = found[0]
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    condition = Q(item_id=item_id, created_at__gte=start, **{field: value})
    if field == "property_id":  # the property's common areas, as the building row counted them
        condition &= Q(unit__isnull=True)
    return condition
