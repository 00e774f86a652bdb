"""How many tickets each queue tab holds, bounded: counting stops at CAP, so a tab with a million
tickets costs no more than one with a hundred, and all tabs are counted in one query. The numbers are
kept for a few seconds per person and filters: paging on or switching tabs counts nothing again."""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

CAP = 100
# How long a tab's number may lag behind the list; the list itself is always read fresh.
SECONDS = 30


def kept(user, filters: dict, count: Callable[[], dict[str, int]]) -> dict[str, int]:
    """The counts for this person and these filters from the cache, else `count()` kept for SECONDS."""
    digest = hashlib.sha256(json.dumps(filters, sort_keys=True, default=_plain).encode()).hexdigest()[:32]
    key = f"backoffice:tab-counts:{user.pk}:{CAP}:{digest}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, SECONDS)
    return found


def counts_sql(querysets: dict[str, QuerySet]) -> tuple[str, list]:
    """One query for all: min(count, CAP) of each, in their order, each a COUNT over at most CAP ids (no
    ORDER BY, so the scan stops early)."""
    parts, params = [], []
    for queryset in querysets.values():
        try:
            sql, part_params = queryset.order_by().values("pk")[:CAP].query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (a catalog group without items)
            parts.append("0")
            continue
        # The SQL is Django's own compilation of the queryset; every value stays a bound parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608
        params.extend(part_params)
    return "SELECT " + ", ".join(parts), params


def run(sql: str, params: list) -> tuple[int, ...]:
    """The counts of `counts_sql`."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _plain(value) -> str:
    return str(getattr(value, "pk", value))  # a property filter holds the Property


def label(count: int) -> str:
    """What a tab shows: the number, or "99+" once counting stopped."""
    return f"{CAP - 1}+" if count >= CAP else str(count)
