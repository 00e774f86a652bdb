"""The overview a team lead opens first: the period's key figures (counted in the daily rollup) and the
worst hot spots, in a handful of aggregate queries."""

from django.db.models import Avg, Count, Q, Sum

from .hotspots import hotspots
from .models import Feedback
from .scope import Scope
from .stats import grouped_percentiles, with_room


def _counts(scope: Scope) -> dict:
    """Of the tickets reported in the period: how many, finished, rejected, judged on time, in time."""
    if scope.rolled_up:
        return {
            key: value or 0
            for key, value in scope.days()
            .aggregate(
                new=Sum("reported"),
                done=Sum("reported_done"),
                rejected=Sum("reported_rejected"),
                done_answered=Sum("reported_timed"),
                done_in_time=Sum("reported_in_time"),
            )
            .items()
        }
    return scope.facts().aggregate(
        new=Count("*"),
        done=Count("created_at", filter=Q(done_at__isnull=False)),
        rejected=Count("created_at", filter=Q(rejected_at__isnull=False)),
        done_answered=Count("created_at", filter=Q(done_in_time__isnull=False)),
        done_in_time=Count("created_at", filter=Q(done_in_time=True)),
    )


@with_room
def overview(scope: Scope) -> dict:
    figures = _counts(scope)
    times = grouped_percentiles(scope.facts(), None, ["hours_to_response", "hours_to_done"])[None]
    figures["open"] = scope.open_facts().count()
    ratings = Feedback.objects.filter(created_at__gte=scope.since, created_at__lt=scope.until)
    if scope.team_id:
        ratings = ratings.filter(team_id=scope.team_id)
    if scope.property_id:
        ratings = ratings.filter(property_id=scope.property_id)
    figures.update(ratings.aggregate(ratings=Count("*"), score=Avg("score"), effort=Avg("effort")))
    figures["response_median"] = times["hours_to_response"][0]
    figures["done_median"], figures["done_p90"] = times["hours_to_done"]
    figures["in_time_share"] = (
        round(100 * figures["done_in_time"] / figures["done_answered"], 1)
        if figures["done_answered"]
        else None
    )
    return {"figures": figures, "hotspots": hotspots(scope, buildings=False)["units"][:5]}
