"""Contractors' record: jobs finished in the period, acceptance and completion time (working hours, from
the release), recalls (the same item at the same place reported again within 30 or 90 days of the job's
completion) and what tenants said about punctuality, tidiness and the result."""

import datetime as dt

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from estate.models import Contractor

from .models import Feedback, TicketFact
from .scope import Scope
from .stats import grouped_percentiles


def _recall(days: int) -> Exists:
    """A later report of the same item at the same unit (or, without a unit, the same property)."""
    later = TicketFact.objects.filter(
        item_id=OuterRef("item_id"),
        property_id=OuterRef("property_id"),
        created_at__gt=OuterRef("done_at"),
        created_at__lte=OuterRef("done_at") + dt.timedelta(days=days),
    )
    same_place = later.annotate(place=Coalesce("unit_id", 0)).filter(place=Coalesce(OuterRef("unit_id"), 0))
    return Exists(same_place)


def contractors(scope: Scope) -> dict:
    jobs = scope.facts("done_at").filter(contractor_id__isnull=False)
    rows = list(
        jobs.annotate(recall30=_recall(30), recall90=_recall(90))
        .values("contractor_id")
        .annotate(
            jobs=Count("*"),
            recalls30=Count("created_at", filter=Q(recall30=True)),
            recalls90=Count("created_at", filter=Q(recall90=True)),
            in_time=Count("created_at", filter=Q(done_in_time=True)),
        )
        .order_by("-jobs", "contractor_id")
    )
    times = grouped_percentiles(jobs, "contractor_id", ["hours_to_accept", "hours_to_done"])
    ratings = {
        row["contractor_id"]: row
        for row in Feedback.objects.filter(  # contractor and completion copied from the ticket's fact
            contractor_id__in=[r["contractor_id"] for r in rows],
            done_at__gte=scope.since,
            done_at__lt=scope.until,
        )
        .values("contractor_id")
        .annotate(n=Count("*"), score=Avg("score"), punctuality=Avg("punctuality"), tidiness=Avg("tidiness"))
        .order_by()
    }
    names = dict(
        Contractor.objects.filter(pk__in=[r["contractor_id"] for r in rows]).values_list("pk", "name")
    )
    for row in rows:
        found = times.get(row["contractor_id"], {})
        row["name"] = names.get(row["contractor_id"], "")
        row["accept_median"] = _round(found.get("hours_to_accept", (None,))[0])
        row["done_median"] = _round(found.get("hours_to_done", (None, None))[0])
        row["done_p90"] = _round(found.get("hours_to_done", (None, None))[1])
        rating = ratings.get(row["contractor_id"], {})
        row["ratings"] = rating.get("n", 0)
        for key in ("score", "punctuality", "tidiness"):
            row[key] = _round(rating.get(key))
        row["recall_share"] = round(100 * row["recalls90"] / row["jobs"], 1) if row["jobs"] else None
    return {"contractors": rows}


def _round(value) -> float | None:
    return None if value is None else round(value, 1)
