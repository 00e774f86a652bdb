"""The overview a team lead opens first: the period's key figures and the worst hot spots, in a handful of
aggregate queries."""

from django.db.models import Avg, Count, Q

from tickets.status import Status

from .hotspots import hotspots
from .models import Feedback
from .scope import Scope
from .stats import grouped_percentiles


def overview(scope: Scope) -> dict:
    figures = scope.facts().aggregate(
        new=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        rejected=Count("pk", filter=Q(rejected_at__isnull=False)),
        done_answered=Count("pk", filter=Q(done_in_time__isnull=False)),
        done_in_time=Count("pk", filter=Q(done_in_time=True)),
    )
    times = grouped_percentiles(scope.facts(), None, ["hours_to_response", "hours_to_done"])[None]
    figures["open"] = scope.tickets().filter(status__in=sorted(Status.active())).count()
    ratings = Feedback.objects.filter(created_at__gte=scope.since, created_at__lt=scope.until)
    if scope.team_id:
        ratings = ratings.filter(ticket__team_id=scope.team_id)
    if scope.property_id:
        ratings = ratings.filter(ticket__property_id=scope.property_id)
    figures.update(ratings.aggregate(ratings=Count("pk"), score=Avg("score"), effort=Avg("effort")))
    figures["response_median"] = times["hours_to_response"][0]
    figures["done_median"], figures["done_p90"] = times["hours_to_done"]
    figures["in_time_share"] = (
        round(100 * figures["done_in_time"] / figures["done_answered"], 1)
        if figures["done_answered"]
        else None
    )
    return {"figures": figures, "hotspots": hotspots(scope)["units"][:5]}
