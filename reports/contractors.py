"""Contractors' record: jobs finished in the period, acceptance and completion time (working hours, from
the release), recalls (the same item at the same place reported again within 30 or 90 days of the job's
completion) and what tenants said about punctuality, tidiness and the result."""

import datetime as dt

from django.db import connection
from django.db.models import Avg, Case, Count, DateTimeField, F, Min, OuterRef, Q, Subquery, When

from estate.models import Contractor

from .models import Feedback, TicketFact
from .scope import Scope
from .stats import grouped_percentiles

# The recall windows after a job's completion, in days.
RECALL_DAYS = (30, 90)


def _next_report() -> Case:
    """The first report of the same item at the same unit (without a unit: the property's common areas)
    within 90 days after the job's completion, or None: one probe of the (item, unit) or (item,
    property) index per job, from which both recall windows are read."""
    later = {
        "item_id": OuterRef("item_id"),
        "created_at__gt": OuterRef("done_at"),
        "created_at__lte": OuterRef("done_at") + dt.timedelta(days=RECALL_DAYS[-1]),
    }
    at_unit = TicketFact.objects.filter(unit_id=OuterRef("unit_id"), **later)
    in_common_areas = TicketFact.objects.filter(
        property_id=OuterRef("property_id"), unit_id__isnull=True, **later
    )
    first = Min("created_at")
    return Case(
        When(unit_id__isnull=False, then=Subquery(at_unit.values("item_id").annotate(at=first).values("at"))),
        default=Subquery(in_common_areas.values("item_id").annotate(at=first).values("at")),
        output_field=DateTimeField(),
    )


def _job_counts(jobs, scope: Scope) -> list[dict]:
    """Per contractor: jobs, recalls within 30 and 90 days, jobs done in time. SQLite's demo data probes
    the next report per job and count; PostgreSQL joins the jobs with the repeat rows once."""
    if connection.vendor != "postgresql":
        probed = jobs.annotate(
            next_report=_next_report(), recall_by=F("done_at") + dt.timedelta(days=RECALL_DAYS[0])
        )
        return list(
            probed.values("contractor_id")
            .annotate(
                jobs=Count("*"),
                recalls30=Count("created_at", filter=Q(next_report__lte=F("recall_by"))),
                recalls90=Count("created_at", filter=Q(next_report__isnull=False)),
                in_time=Count("created_at", filter=Q(done_in_time=True)),
            )
            .order_by("-jobs", "contractor_id")
        )
    inner, params = jobs.values(
        "ticket_id", "contractor_id", "done_in_time", "done_at", "item_id", "unit_id", "property_id"
    ).query.sql_with_params()
    # A later report at the same place always repeats one (its link is set), so the recalls are a hash
    # join of the jobs with the repeat rows of the partial indexes, not a probe per job.
    # The period bounds the later reports too (after the first completion, before the last one + 90 days),
    # so only those go into the hash table.
    window = (
        "l.created_at > j.done_at AND l.created_at <= j.done_at + %s "
        "AND l.created_at > %s AND l.created_at <= %s"
    )
    sql = (
        f"WITH jobs AS MATERIALIZED ({inner}), "  # noqa: S608 - the ORM's own SQL, values as parameters
        "later AS ("
        " SELECT j.ticket_id, min(l.created_at) AS next_report FROM jobs j JOIN reports_ticketfact l"
        " ON l.item_id = j.item_id AND l.unit_id = j.unit_id"
        f" WHERE l.prev_unit_at IS NOT NULL AND {window} GROUP BY j.ticket_id"
        " UNION ALL"
        " SELECT j.ticket_id, min(l.created_at) FROM jobs j JOIN reports_ticketfact l"
        " ON l.item_id = j.item_id AND l.property_id = j.property_id"
        " WHERE j.unit_id IS NULL AND l.building_id IS NULL AND l.unit_id IS NULL"
        f" AND l.prev_place_at IS NOT NULL AND {window} GROUP BY j.ticket_id) "
        "SELECT j.contractor_id, count(*) AS jobs, "
        "count(*) FILTER (WHERE n.next_report <= j.done_at + %s) AS recalls30, "
        "count(n.next_report) AS recalls90, count(*) FILTER (WHERE j.done_in_time) AS in_time "
        "FROM jobs j LEFT JOIN later n ON n.ticket_id = j.ticket_id "
        "GROUP BY j.contractor_id ORDER BY jobs DESC, j.contractor_id"
    )
    longest, shortest = (dt.timedelta(days=d) for d in (RECALL_DAYS[-1], RECALL_DAYS[0]))
    bounds = [longest, scope.since, scope.until + longest]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *bounds, *bounds, shortest])
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def contractors(scope: Scope) -> dict:
    jobs = scope.facts("done_at").filter(contractor_id__isnull=False)
    rows = _job_counts(jobs, scope)
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
