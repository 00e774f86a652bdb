"""Volumes: tickets reported, done, rejected and reopened per week or month, by channel and category."""

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from catalogs.models import Category
from tickets.models import Channel

from .scope import Scope

MOVES = (("new", "created_at"), ("done", "done_at"), ("rejected", "rejected_at"), ("reopened", "reopened_at"))


def _trunc(scope: Scope, field: str):
    tz = timezone.get_current_timezone()
    return (TruncWeek if scope.grain == "week" else TruncMonth)(field, tzinfo=tz)


def volumes(scope: Scope) -> dict:
    """Counts per period (one query per kind of move), and the new ones by channel and by category."""
    periods: dict = {}
    for name, field in MOVES:
        rows = (
            scope.facts(field).annotate(period=_trunc(scope, field)).values("period").annotate(n=Count("pk"))
        )
        for row in rows.order_by():
            day = (
                timezone.localtime(row["period"]).date() if hasattr(row["period"], "hour") else row["period"]
            )
            periods.setdefault(day, dict.fromkeys(name for name, _ in MOVES).copy())[name] = row["n"]
    series = [
        {"period": day, **{name: counts[name] or 0 for name, _ in MOVES}}
        for day, counts in sorted(periods.items())
    ]
    labels = dict(Channel.choices)
    channels = [
        {"channel": labels.get(row["channel"], row["channel"]), "n": row["n"]}
        for row in scope.facts().values("channel").annotate(n=Count("pk")).order_by("-n", "channel")
    ]
    counts = dict(scope.facts().values_list("category_id").annotate(n=Count("pk")).order_by())
    names = {pk: category.label for pk, category in Category.objects.in_bulk(list(counts)).items()}
    categories = sorted(
        ({"category": names.get(pk, "?"), "n": n} for pk, n in counts.items()),
        key=lambda r: (-r["n"], r["category"]),
    )
    totals = {name: sum(row[name] for row in series) for name, _ in MOVES}
    return {"series": series, "channels": channels, "categories": categories, "totals": totals}
