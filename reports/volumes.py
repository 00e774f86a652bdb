"""Volumes: tickets reported, done, rejected and reopened per week or month, by channel and category.
Summed from the daily rollup; one property's tickets are counted from the summary rows directly."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from catalogs.models import Category
from tickets.models import Channel

from .scope import Scope

MOVES = (("new", "created_at"), ("done", "done_at"), ("rejected", "rejected_at"), ("reopened", "reopened_at"))
# The rollup's count for each move.
ROLLED = {"new": "reported", "done": "done", "rejected": "rejected", "reopened": "reopened"}


def _trunc(scope: Scope, field: str):
    if field == "day":  # a date already in local time
        return (TruncWeek if scope.grain == "week" else TruncMonth)(field)
    tz = timezone.get_current_timezone()
    return (TruncWeek if scope.grain == "week" else TruncMonth)(field, tzinfo=tz)


def _date(period):
    return timezone.localtime(period).date() if hasattr(period, "hour") else period


def _periods_rolled(scope: Scope) -> dict:
    rows = (
        scope.days()
        .annotate(period=_trunc(scope, "day"))
        .values("period")
        .annotate(**{name: Sum(count) for name, count in ROLLED.items()})
        .order_by()
    )
    # A period is listed when something happened in it, as when counting tickets.
    return {_date(row.pop("period")): row for row in rows if any(row[name] for name in ROLLED)}


def _periods_counted(scope: Scope) -> dict:
    periods: dict = {}
    for name, field in MOVES:
        rows = (
            scope.facts(field).annotate(period=_trunc(scope, field)).values("period").annotate(n=Count("*"))
        )
        for row in rows.order_by():
            periods.setdefault(_date(row["period"]), dict.fromkeys(ROLLED))[name] = row["n"]
    return periods


def volumes(scope: Scope) -> dict:
    """Counts per period, and the new ones by channel and by category: four queries from the rollup,
    seven when counting one property's tickets."""
    if scope.rolled_up:
        periods, rows, new = _periods_rolled(scope), scope.days(), Sum("reported")
    else:
        periods, rows, new = _periods_counted(scope), scope.facts(), Count("*")
    series = [
        {"period": day, **{name: counts[name] or 0 for name, _ in MOVES}}
        for day, counts in sorted(periods.items())
    ]
    labels = dict(Channel.choices)
    channels = [
        {"channel": labels.get(row["channel"], row["channel"]), "n": row["n"]}
        for row in rows.values("channel").annotate(n=new).filter(n__gt=0).order_by("-n", "channel")
    ]
    counts = dict(rows.values_list("category_id").annotate(n=new).filter(n__gt=0).order_by())
    names = {pk: category.label for pk, category in Category.objects.in_bulk(list(counts)).items()}
    categories = sorted(
        ({"category": names.get(pk, "?"), "n": n} for pk, n in counts.items()),
        key=lambda r: (-r["n"], r["category"]),
    )
    totals = {name: sum(row[name] for row in series) for name, _ in MOVES}
    return {"series": series, "channels": channels, "categories": categories, "totals": totals}
