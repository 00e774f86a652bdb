"""Hot spots (Schadensschwerpunkte): the same catalog item reported again at the same unit, or at the same
building, in the last 12 and 24 months, ranked by the last year's count. Grouping happens in the database
over the (item, place, date) indexes; only the ranked rows' names are read afterwards."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils import timezone

from catalogs.models import CatalogItem
from estate.models import Building, Property, Unit

from .scope import Scope

LIMIT = 20
REPEATED = 2


def _since(scope: Scope, months: int) -> dt.datetime:
    end = scope.until
    return end - dt.timedelta(days=round(months * 365.25 / 12))


def _ranked(scope: Scope, keys: list[str], *, only_units: bool):
    rows = scope.all_facts().filter(created_at__gte=_since(scope, 24), created_at__lt=scope.until)
    if only_units:
        rows = rows.filter(unit_id__isnull=False)
    return list(
        rows.values(*keys)
        .annotate(n24=Count("pk"), n12=Count("pk", filter=Q(created_at__gte=_since(scope, 12))))
        .filter(n24__gte=REPEATED)
        .order_by("-n12", "-n24", *keys)[:LIMIT]
    )


def hotspots(scope: Scope, *, buildings: bool = True) -> dict:
    """{"units": [...], "buildings": [...]}, each row with its place, item and both counts. A building row
    counts the item at the building, in its units and its common areas (a common area belongs to the
    property, so a ticket without a unit counts for the property). The overview, which shows units only,
    passes `buildings=False` and gets an empty list there."""
    units = _ranked(scope, ["unit_id", "item_id"], only_units=True)
    buildings = (
        _ranked(scope, ["property_id", "building_id", "item_id"], only_units=False) if buildings else []
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
