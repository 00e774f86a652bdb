"""Keyset pagination for the queue: the next page starts after the last row shown, so a deep page costs
what the first one does (no OFFSET), and nothing counts the whole table."""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet


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


def _after(key: Key, value) -> Q:
    """Rows that come after `value` in this key's order (NULLs come last when ascending)."""
    if key.descending:
        return Q(**{f"{key.field}__lt": value})
    if value is None:
        return Q(pk__in=[])
    after = Q(**{f"{key.field}__gt": value})
    return after | Q(**{f"{key.field}__isnull": True}) if key.nullable else after


def _equal(key: Key, value) -> Q:
    return Q(**{f"{key.field}__isnull": True}) if value is None else Q(**{key.field: value})


def after_cursor(queryset: QuerySet, keys: list[Key], values: list) -> QuerySet:
    """Filter to the rows after the cursor: (k1 > v1) or (k1 = v1 and k2 > v2) or ..."""
    condition = Q(pk__in=[])
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        condition |= equal_so_far & _after(key, value)
        equal_so_far &= _equal(key, value)
    first, first_value = keys[0], values[0]
    # A redundant bound on the first key lets PostgreSQL start the index scan at the cursor.
    if first_value is not None:
        lookup = "lte" if first.descending else "gte"
        bound = Q(**{f"{first.field}__{lookup}": first_value})
        if first.nullable:
            bound |= Q(**{f"{first.field}__isnull": True})
        queryset = queryset.filter(bound)
    return queryset.filter(condition)


def page(queryset: QuerySet, keys: list[Key], cursor: list | None, size: int) -> tuple[list, str | None]:
    """One page of rows and the cursor of the next page (None on the last page)."""
    queryset = with_keys(queryset)
    if cursor is not None:
        queryset = after_cursor(queryset, keys, cursor)
    rows = list(queryset.order_by(*order(keys))[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, encode_cursor(rows[-1], keys)
