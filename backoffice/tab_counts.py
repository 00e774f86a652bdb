"""How many tickets each queue tab holds, bounded: counting stops at CAP, so a tab with a million
tickets costs no more than one with a hundred, and all tabs are counted in one query."""

from django.db import connection
from django.db.models import QuerySet

CAP = 100


def bounded_counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """{key: min(count, CAP)}, each a COUNT over at most CAP ids (no ORDER BY, so the scan stops early)."""
    if not querysets:
        return {}
    parts, params = [], []
    for queryset in querysets.values():
        sql, part_params = queryset.order_by().values("pk")[:CAP].query.sql_with_params()
        # The SQL is Django's own compilation of the queryset; every value stays a bound parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))


def label(count: int) -> str:
    """What a tab shows: the number, or "99+" once counting stopped."""
    return f"{CAP - 1}+" if count >= CAP else str(count)
