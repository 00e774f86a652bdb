"""Medians and 90th percentiles. PostgreSQL computes them inside the grouped query (percentile_cont);
SQLite, which only ever holds demo data, gets the same figures from the values in Python."""

import math
from collections import defaultdict
from functools import wraps

from django.db import connection, transaction
from django.db.models import Aggregate, FloatField, QuerySet

SHARES = (0.5, 0.9)


def with_room(build):
    """Run a report's queries in one transaction with room to sort and hash a year or two of summary rows
    in memory (the default 4 MB made the hot spot grouping spill to disk), and without JIT compilation,
    which the planner chose for the recall subqueries and which cost more than it saved."""

    @wraps(build)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"
                    )
            return build(*args, **kwargs)

    return wrapper


class PercentileCont(Aggregate):
    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, share: float, **extra):
        super().__init__(expression, share=float(share), **extra)


class PercentileDisc(PercentileCont):
    """A value that occurs (for timestamps: the report date of the median ticket)."""

    function = "percentile_disc"
    name = "PercentileDisc"

    def __init__(self, expression, share: float, output_field, **extra):
        super().__init__(expression, share, output_field=output_field, **extra)


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between the closest ranks, as percentile_cont does."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def grouped_percentiles(
    rows: QuerySet, group: str | None, fields: list[str], extra: dict | None = None
) -> dict:
    """{group value: {field: (median, p90)}} over `rows`, one query. Without a group the key is None.
    `extra` aggregates (counts) are computed in the same pass and returned beside the fields."""
    extra = extra or {}
    if connection.vendor == "postgresql":
        aggregates = {
            f"{field}__{int(share * 100)}": PercentileCont(field, share)
            for field in fields
            for share in SHARES
        }
        if group is None:
            result = {None: rows.aggregate(**aggregates, **extra)}
        else:
            grouped = rows.values(group).order_by(group).annotate(**aggregates, **extra)
            result = {row[group]: row for row in grouped}
        return {
            key: {
                **{field: tuple(row[f"{field}__{int(s * 100)}"] for s in SHARES) for field in fields},
                **{name: row[name] for name in extra},
            }
            for key, row in result.items()
        }
    values: dict = defaultdict(lambda: defaultdict(list))
    for row in rows.values(*([group] if group else []), *fields):
        key = row[group] if group else None
        for field in fields:
            if row[field] is not None:
                values[key][field].append(row[field])
    if group is None and None not in values:
        values[None] = defaultdict(list)
    counted = {None: rows.aggregate(**extra)} if group is None else {}
    if extra and group is not None:
        counted = {row[group]: row for row in rows.values(group).order_by(group).annotate(**extra)}
    return {
        key: {
            **{field: tuple(percentile(found[field], s) for s in SHARES) for field in fields},
            **{name: counted.get(key, {}).get(name) for name in extra},
        }
        for key, found in values.items()
    }
