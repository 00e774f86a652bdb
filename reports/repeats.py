"""Repeat links for the hot spots: each summary row keeps when the same catalog item was last reported
before it at the same unit (`prev_unit_at`) and at the same building, or for a ticket without a unit at
the same property's common areas (`prev_place_at`). A place and item with several reports in a window
is then found from the few rows whose previous report lies in that window, instead of grouping every
report of two years.

The links follow a row that is written or moves (another item, unit or date): its own link, and that of
the row after its old and its new position, are worked out again in one statement (`relink`);
`relink_all` derives every link at once after a bulk fill."""

from django.db import connection

# The columns that place a row among its repeats.
KEY_FIELDS = ("item_id", "unit_id", "property_id", "building_id", "created_at")

_EARLIER = "(p.created_at < f.created_at OR (p.created_at = f.created_at AND p.ticket_id < f.ticket_id))"
_LATER = "(n.created_at > %s OR (n.created_at = %s AND n.ticket_id > %s))"
_SAME_UNIT = "p.item_id = f.item_id AND p.unit_id = f.unit_id"
_SAME_PLACE = (
    "p.item_id = f.item_id AND p.property_id = f.property_id "
    "AND (p.building_id = f.building_id OR (p.building_id IS NULL AND f.building_id IS NULL))"
)


def _previous(same: str) -> str:
    return f"(SELECT max(p.created_at) FROM reports_ticketfact p WHERE {same} AND {_EARLIER})"  # noqa: S608


def _next_at(position: dict, *, unit: bool) -> tuple[str, list]:
    """The row right after `position` among the same unit's (or place's) reports of the item."""
    if unit:
        same, params = "n.item_id = %s AND n.unit_id = %s", [position["item_id"], position["unit_id"]]
    elif position["building_id"] is None:
        same = "n.item_id = %s AND n.property_id = %s AND n.building_id IS NULL"
        params = [position["item_id"], position["property_id"]]
    else:
        same = "n.item_id = %s AND n.property_id = %s AND n.building_id = %s"
        params = [position["item_id"], position["property_id"], position["building_id"]]
    moment = [position["created_at"], position["created_at"], position["ticket_id"]]
    return (
        f"(SELECT n.ticket_id FROM reports_ticketfact n WHERE {same} AND {_LATER} "  # noqa: S608
        "ORDER BY n.created_at, n.ticket_id LIMIT 1)",
        params + moment,
    )


def relink(ticket_id: int, *, old: dict | None, new: dict) -> None:
    """After row `ticket_id` was written with `new` (its KEY_FIELDS; `old` before, None if new): one
    statement, none when nothing that places it changed."""
    if old is not None and all(old[f] == new[f] for f in KEY_FIELDS):
        return
    targets, params = ["%s"], [ticket_id]
    for position in (old, new):
        if position is None:
            continue
        position = {**position, "ticket_id": ticket_id}
        for unit in (True, False):
            if unit and position["unit_id"] is None:
                continue
            sql, found = _next_at(position, unit=unit)
            targets.append(sql)
            params += found
    # The UPDATE's own row is "f" in the subqueries.
    sql = (
        "UPDATE reports_ticketfact AS f SET "  # noqa: S608 - fixed names
        f"prev_unit_at = CASE WHEN unit_id IS NULL THEN NULL ELSE {_previous(_SAME_UNIT)} END, "
        f"prev_place_at = {_previous(_SAME_PLACE)} "
        f"WHERE ticket_id IN ({', '.join(targets)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def relink_all() -> None:
    """Every row's links from its neighbours, in one statement (window functions)."""
    order = "ORDER BY created_at, ticket_id"
    sql = (
        "UPDATE reports_ticketfact AS f SET prev_unit_at = l.prev_unit, prev_place_at = l.prev_place "  # noqa: S608
        "FROM (SELECT ticket_id, CASE WHEN unit_id IS NULL THEN NULL ELSE "
        f"lag(created_at) OVER (PARTITION BY item_id, unit_id {order}) END AS prev_unit, "
        f"lag(created_at) OVER (PARTITION BY item_id, property_id, building_id {order}) AS prev_place "
        "FROM reports_ticketfact) AS l "
        "WHERE l.ticket_id = f.ticket_id "
        "AND (f.prev_unit_at IS DISTINCT FROM l.prev_unit OR f.prev_place_at IS DISTINCT FROM l.prev_place)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
