"""Times per phase, in working hours: to the first response, to the release, the contractor's acceptance
and appointment (from the release), and to completion; median and 90th percentile overall and per team,
and the share answered and finished within the ticket's due times (which come from its catalog item)."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from estate.models import Team

from . import histogram
from .scope import Scope
from .stats import SHARES, grouped_percentiles

PHASES = (
    ("hours_to_response", _("bis zur ersten Antwort")),
    ("hours_to_release", _("bis zur Freigabe")),
    ("hours_to_accept", _("Freigabe bis Auftragsannahme")),
    ("hours_to_appointment", _("Freigabe bis Termin")),
    ("hours_to_done", _("bis zur Erledigung")),
)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# Up to this many tickets in the scope the percentiles are exact (sorted by PostgreSQL); above, they are
# read from the hour buckets of the daily rollup (reports/histogram.py: within a bucket of the exact figure).
EXACT_UP_TO = 20_000
# The daily rollup's counts behind the page's.
ROLLED = {
    "total": "reported",
    "responded": "reported_answered",
    "responded_in_time": "reported_answered_in_time",
    "done": "reported_timed",
    "done_in_time": "reported_in_time",
}


def phases(scope: Scope, *, exact_up_to: int = EXACT_UP_TO) -> dict:
    """Over the tickets reported in the period; a phase not reached yet is left out of its figures. Where
    the daily rollup answers, its counts come first (one query) and decide: many tickets read their
    percentiles from the hour buckets (one query), few are sorted exactly as one property's are. There the
    counts come with the per-team percentiles in one pass; for one team (or when only one team has
    tickets) that pass is the whole, and no second one is made."""
    fields = [field for field, _label in PHASES]
    if scope.rolled_up:
        by_team = {
            row.pop("team_id") or None: row
            for row in scope.days()
            .values("team_id")
            .annotate(**{name: Sum(count) for name, count in ROLLED.items()})
            .filter(total__gt=0)
            .order_by()
        }
        if sum(row["total"] for row in by_team.values()) > exact_up_to:
            return _figures(*_from_buckets(scope, by_team, fields))
    return _figures(*_sorted(scope, fields))


def _from_buckets(scope: Scope, by_team: dict, fields: list[str]) -> tuple:
    """Per team and overall, the percentiles from the summed hour buckets (the overall ones from all
    teams' buckets together, so no second pass)."""
    counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for team_id, phase, index, n in (
        scope.hours().values_list("team_id", "phase", "bucket").annotate(n=Sum("n")).order_by()
    ):
        for key in (team_id or None, "all"):
            counts[key][phase][index] += n
    found = {
        key: {
            field: tuple(histogram.estimate(counts[key][phase], share) for share in SHARES)
            for phase, field in enumerate(fields)
        }
        for key in [*by_team, "all"]
    }
    for team_id, row in by_team.items():
        found[team_id].update(row)
        for phase, field in enumerate(fields):
            found[team_id][f"n_{field}"] = sum(counts[team_id][phase].values())
    overall = found.pop("all")
    return found, overall, [*ROLLED, *(f"n_{field}" for field in fields)]


def _sorted(scope: Scope, fields: list[str]) -> tuple:
    rows = scope.facts()
    counting = {
        "total": Count("*"),
        **{f"n_{field}": Count(field) for field in fields},
        "responded": Count("created_at", filter=Q(responded_in_time__isnull=False)),
        "responded_in_time": Count("created_at", filter=Q(responded_in_time=True)),
        "done": Count("created_at", filter=Q(done_in_time__isnull=False)),
        "done_in_time": Count("created_at", filter=Q(done_in_time=True)),
    }
    by_team = grouped_percentiles(rows, "team_id", fields, extra=counting)
    if len(by_team) == 1:
        overall = next(iter(by_team.values()))
    elif by_team:
        overall = grouped_percentiles(rows, None, fields)[None]
    else:
        overall = dict.fromkeys(fields, (None, None))
    return by_team, overall, list(counting)


def _figures(by_team: dict, overall: dict, counted: list[str]) -> dict:
    fields = [field for field, _label in PHASES]
    counts = {name: sum(found[name] or 0 for found in by_team.values()) for name in counted}
    names = dict(Team.objects.filter(pk__in=[k for k in by_team if k]).values_list("pk", "name"))
    return {
        "total": counts["total"],
        "phases": [
            {
                "field": field,
                "label": str(label),
                "n": counts[f"n_{field}"],
                "median": _round(overall[field][0]),
                "p90": _round(overall[field][1]),
            }
            for field, label in PHASES
        ],
        "teams": sorted(
            (
                {
                    "team": names.get(team_id, _("ohne Team")),
                    "values": [(_round(found[f][0]), _round(found[f][1])) for f in fields],
                }
                for team_id, found in by_team.items()
            ),
            key=lambda row: str(row["team"]),
        ),
        "responded_share": _share(counts["responded_in_time"], counts["responded"]),
        "done_share": _share(counts["done_in_time"], counts["done"]),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
