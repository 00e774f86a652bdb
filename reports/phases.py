"""Times per phase, in working hours: to the first response, to the release, the contractor's acceptance
and appointment (from the release), and to completion; median and 90th percentile overall and per team,
and the share answered and finished within the ticket's due times (which come from its catalog item)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from estate.models import Team

from .scope import Scope
from .stats import grouped_percentiles

PHASES = (
    ("hours_to_response", _("bis zur ersten Antwort")),
    ("hours_to_release", _("bis zur Freigabe")),
    ("hours_to_accept", _("Freigabe bis Auftragsannahme")),
    ("hours_to_appointment", _("Freigabe bis Termin")),
    ("hours_to_done", _("bis zur Erledigung")),
)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def phases(scope: Scope) -> dict:
    """Over the tickets reported in the period; a phase not reached yet is left out of its figures. The
    counts come with the per-team percentiles in one pass; for one team (or when only one team has
    tickets) that pass is the whole, and no second one is made."""
    rows = scope.facts()
    fields = [field for field, _label in PHASES]
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
    counts = {name: sum(found[name] or 0 for found in by_team.values()) for name in counting}
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
