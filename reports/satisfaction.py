"""Tenant satisfaction and effort over time (per month), per team and per contractor, from the ratings
given for tickets finished in the period; with the staff's quality checks beside them. The ratings carry
their ticket's team, place, category and contractor (reports.models.Feedback), so no ticket is joined."""

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from estate.models import Contractor, Team

from .models import Feedback, QualityCheck
from .scope import Scope


def _ratings(scope: Scope):
    rows = Feedback.objects.filter(created_at__gte=scope.since, created_at__lt=scope.until)
    for key in ("property_id", "team_id", "category_id"):  # the ticket's, copied to the rating
        value = getattr(scope, key)
        if value:
            rows = rows.filter(**{key: value})
    return rows


FIGURES = {
    "n": Count("*"),
    "score": Avg("score"),
    "effort": Avg("effort"),
    "low": Count("created_at", filter=Q(follow_up__isnull=False)),
}


def satisfaction(scope: Scope) -> dict:
    rows = _ratings(scope)
    tz = timezone.get_current_timezone()
    months = [
        {
            **row,
            "period": timezone.localtime(row["period"]).date()
            if hasattr(row["period"], "hour")
            else row["period"],
        }
        for row in rows.annotate(period=TruncMonth("created_at", tzinfo=tz))
        .values("period")
        .annotate(**FIGURES)
        .order_by("period")
    ]
    teams = list(rows.values("team_id").annotate(**FIGURES).order_by("-n"))
    contractors = list(
        rows.filter(contractor_id__isnull=False)
        .values("contractor_id")
        .annotate(**FIGURES, punctuality=Avg("punctuality"), tidiness=Avg("tidiness"))
        .order_by("-n")
    )
    team_names = dict(Team.objects.filter(pk__in=[r["team_id"] for r in teams]).values_list("pk", "name"))
    contractor_names = dict(
        Contractor.objects.filter(pk__in=[r["contractor_id"] for r in contractors]).values_list("pk", "name")
    )
    for row in teams:
        row["name"] = team_names.get(row["team_id"], "–")
    for row in contractors:
        row["name"] = contractor_names.get(row["contractor_id"], "")
    for row in months + teams + contractors:
        for key in ("score", "effort", "punctuality", "tidiness"):
            if row.get(key) is not None:
                row[key] = round(row[key], 2)
    overall = rows.aggregate(**FIGURES)
    checks = QualityCheck.objects.filter(checked_at__gte=scope.since, checked_at__lt=scope.until).aggregate(
        n=Count("pk"), result=Avg("result"), failed=Count("pk", filter=Q(passed=False))
    )
    return {
        "months": months,
        "teams": teams,
        "contractors": contractors,
        "overall": overall,
        "checks": checks,
    }
