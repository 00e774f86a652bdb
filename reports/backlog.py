"""Backlog ageing: today's open tickets in age buckets of working days, with median and 90th percentile
age, per team. Each bucket is a range of report dates worked out once on the working-day calendar, so the
database only counts over the indexed report date; no ticket is loaded to compute its age."""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import Count, DateTimeField, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Team

from .scope import Scope
from .stats import PercentileDisc, percentile
from .workhours import first_day_at_most, working_days_since

# (label, upper bound in working days); the last bucket has none.
BUCKETS = ((_("0–2"), 2), (_("3–7"), 7), (_("8–14"), 14), (_("15–30"), 30), (_("> 30"), None))


def _age(moment, today, state) -> int | None:
    if moment is None:
        return None
    return working_days_since(timezone.localtime(moment).date(), today, state=state)


def backlog(scope: Scope, *, today=None) -> dict:
    today = today or timezone.localdate()
    state = settings.DEFAULT_HOLIDAY_STATE
    bounds = [
        first_day_at_most(days, today, state=state) if days is not None else None for _, days in BUCKETS
    ]
    starts = [timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None for day in bounds]
    open_tickets = scope.open_facts()
    counts = {}
    newer = None
    for i, start in enumerate(starts):
        condition = Q()
        if start is not None:
            condition &= Q(created_at__gte=start)
        if newer is not None:
            condition &= Q(created_at__lt=newer)
        counts[f"b{i}"] = Count("created_at", filter=condition)
        newer = start
    # The p90 age is the 10th percentile of report dates (older is longer open), the median the 50th.
    if connection.vendor == "postgresql":
        counts["median_at"] = PercentileDisc("created_at", 0.5, output_field=DateTimeField())
        counts["p90_at"] = PercentileDisc("created_at", 0.1, output_field=DateTimeField())
    rows = list(open_tickets.values("team_id").annotate(**counts).order_by("team_id"))
    if connection.vendor != "postgresql":
        _percentiles_in_python(open_tickets, rows)
    names = dict(
        Team.objects.filter(pk__in=[r["team_id"] for r in rows if r["team_id"]]).values_list("pk", "name")
    )
    teams = []
    for row in rows:
        teams.append(
            {
                "team": names.get(row["team_id"], _("ohne Team")),
                "buckets": [row[f"b{i}"] for i in range(len(BUCKETS))],
                "total": sum(row[f"b{i}"] for i in range(len(BUCKETS))),
                "median": _age(row["median_at"], today, state),
                "p90": _age(row["p90_at"], today, state),
            }
        )
    teams.sort(key=lambda t: str(t["team"]))
    totals = [sum(t["buckets"][i] for t in teams) for i in range(len(BUCKETS))]
    return {
        "labels": [str(label) for label, _ in BUCKETS],
        "teams": teams,
        "totals": totals,
        "total": sum(totals),
    }


def _percentiles_in_python(open_tickets, rows) -> None:
    dates: dict = {}
    for team_id, created in open_tickets.values_list("team_id", "created_at"):
        dates.setdefault(team_id, []).append(created.timestamp())
    for row in rows:
        found = dates.get(row["team_id"], [])
        for key, share in (("median_at", 0.5), ("p90_at", 0.1)):
            value = percentile(found, share)
            row[key] = dt.datetime.fromtimestamp(value, tz=dt.UTC) if value is not None else None
