"""Keyset pagination for the queue: the next page starts after the last row shown, so a deep page costs
what the first one does (no OFFSET), and nothing counts the whole table."""

import base64
import binascii
import datetime as dt
import json
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan


@dataclass(frozen=True)
class Key:
    field: str
    descending: bool = False
    nullable: bool = False
    is_time: bool = False


# Every sort ends on the id, which makes the order total: no row is skipped or shown twice. Due times
# sort as `due_key` (tickets.models.due_key: a missing due time counts as far future), never NULL, so the
# next page is a plain range on an index.
SORTS: dict[str, list[Key]] = {
    "due": [Key("due_key", is_time=True), Key("id")],
    "priority": [Key("priority_rank"), Key("due_key", is_time=True), Key("id")],
    "created": [Key("created_at", descending=True, is_time=True), Key("id", descending=True)],
}


def with_keys(queryset: QuerySet) -> QuerySet:
    """Add the computed sort keys the SORTS refer to."""
    from tickets.models import due_key

    return queryset.annotate(due_key=due_key())


class InvalidCursor(ValueError):
    pass


def order(keys: list[Key]) -> list:
    return [F(k.field).desc() if k.descending else F(k.field).asc(nulls_last=True) for k in keys]


def encode_cursor(row: Any, keys: list[Key]) -> str:
    values = []
    for key in keys:
        value = getattr(row, key.field)
        values.append(value.isoformat() if isinstance(value, dt.datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(text: str, keys: list[Key]) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor() from error
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor()
    parsed = []
    for key, value in zip(keys, values, strict=True):
        if value is None and key.nullable:
            parsed.append(None)
        elif key.is_time and isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError as error:
                raise InvalidCursor() from error
            if moment.tzinfo is None:
                raise InvalidCursor()
            parsed.append(moment)
        elif not key.is_time and isinstance(value, int) and not isinstance(value, bool):
            parsed.append(value)
        else:
            raise InvalidCursor()
    return parsed


def after_cursor(queryset: QuerySet, keys: list[Key], values: list) -> QuerySet:
    """The rows after the cursor, as one row-value comparison, (k1, k2, id) > (v1, v2, x): PostgreSQL
    starts the index scan at the cursor itself and estimates what follows from the first key. Every sort
    runs its keys in one direction and none is NULL (due times sort as `due_key`), which a row-value
    comparison needs."""
    if any(key.descending != keys[0].descending for key in keys) or any(v is None for v in values):
        raise InvalidCursor()
    columns = Tuple(*(F(key.field) for key in keys))
    after = TupleLessThan if keys[0].descending else TupleGreaterThan
    return queryset.filter(after(columns, list(values)))


@cache
def key_row(fields: tuple[str, ...]) -> type:
    """The type of a page's key rows: a named tuple of the sort's fields."""
    return namedtuple("KeyRow", fields)


def key_rows(queryset: QuerySet, keys: list[Key], cursor: list | None, size: int) -> QuerySet:
    """The sort keys of the rows after the cursor, `size` and one more (is there a next page?), from
    `queryset` (the filters, the permission checks and the sort, on the ticket table alone)."""
    queryset = with_keys(queryset)
    if cursor is not None:
        queryset = after_cursor(queryset, keys, cursor)
    return queryset.order_by(*order(keys)).values_list(*[key.field for key in keys])[: size + 1]


def key_rows_per(
    queryset: QuerySet, keys: list[Key], cursor: list | None, size: int, field: str, values: list
) -> list[tuple]:
    """`key_rows` of `queryset` where `field` is one of `values`, read value by value: one branch per
    value, each reading its first rows from an index that leads with `field`, then merged in the sort's
    order. Where the values' rows lie unevenly along the sort (a catalog group's items by urgency), one
    index scan over all rows in that order reads many thousands to find a page. A database that cannot
    order inside a UNION (SQLite) reads them the plain way."""
    if not values:
        return []
    if not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        return list(key_rows(queryset.filter(**{f"{field}__in": values}), keys, cursor, size))
    first, *rest = [key_rows(queryset.filter(**{field: value}), keys, cursor, size) for value in values]
    merged = first.union(*rest, all=True) if rest else first
    return list(merged.order_by(*[("-" if key.descending else "") + key.field for key in keys])[: size + 1])


def page(
    found_keys: list, keys: list[Key], size: int, rows: Callable[[list[int]], dict[int, Any]]
) -> tuple[list, str | None]:
    """One page of rows and the cursor of the next page (None on the last page), from what `key_rows`
    read: the page's ids, then `rows(ids)`, {id: row}, with what the page shows. Two queries: a plan that
    misjudges how many rows a filter leaves then sorts narrow rows, never joins thousands of them first;
    and the joins are planned for 50 ids, not for the filters."""
    Row = key_row(tuple(key.field for key in keys))
    found_keys = [Row._make(row) for row in found_keys]
    more, found_keys = len(found_keys) > size, found_keys[:size]
    by_id = rows([row.id for row in found_keys])
    # A row gone between the two queries (deleted this instant) is left out, not an error.
    found = [by_id[row.id] for row in found_keys if row.id in by_id]
    return found, encode_cursor(found_keys[-1], keys) if more else None
