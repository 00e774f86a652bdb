"""The daily rollup (ReportDay) and the ratings' copy of their ticket's figures, both derived from the
summary rows: `shift` moves one ticket's contributions from its old summary row to its new one (inside the
transaction that rewrote it), `rebuild_days` and `copy_to_feedback` derive everything at once after a bulk
fill. Days are local days (settings.TIME_ZONE), as the report periods are."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from . import histogram

# The summary row's columns the rollup and the ratings depend on.
DAY_FIELDS = (
    "created_at",
    "done_at",
    "rejected_at",
    "reopened_at",
    "done_in_time",
    "responded_in_time",
    "team_id",
    "category_id",
    "channel",
)
# The durations counted into the hour buckets (ReportHours.phase is the index), as on the phases page.
HOURS_FIELDS = (
    "hours_to_response",
    "hours_to_release",
    "hours_to_accept",
    "hours_to_appointment",
    "hours_to_done",
)
DAY_FIELDS += HOURS_FIELDS
FEEDBACK_FIELDS = ("team_id", "property_id", "category_id", "contractor_id", "done_at")
COUNTS = (
    "reported",
    "done",
    "rejected",
    "reopened",
    "reported_done",
    "reported_rejected",
    "reported_timed",
    "reported_in_time",
    "reported_answered",
    "reported_answered_in_time",
)
# Which date puts a ticket into which count: (count, date column, condition on the summary row).
MOVES = (
    ("reported", "created_at", None),
    ("done", "done_at", None),
    ("rejected", "rejected_at", None),
    ("reopened", "reopened_at", None),
    ("reported_done", "created_at", Q(done_at__isnull=False)),
    ("reported_rejected", "created_at", Q(rejected_at__isnull=False)),
    ("reported_timed", "created_at", Q(done_in_time__isnull=False)),
    ("reported_in_time", "created_at", Q(done_in_time=True)),
    ("reported_answered", "created_at", Q(responded_in_time__isnull=False)),
    ("reported_answered_in_time", "created_at", Q(responded_in_time=True)),
)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def contributions(fact: dict | None) -> dict[tuple, dict[str, int]]:
    """{(day, team, category, channel): {count: 1}} for one summary row's values (None: no row)."""
    found: dict[tuple, dict[str, int]] = defaultdict(dict)
    if fact is None:
        return found
    rest = (fact["team_id"] or 0, fact["category_id"], fact["channel"])
    flags = {
        "reported_done": fact["done_at"] is not None,
        "reported_rejected": fact["rejected_at"] is not None,
        "reported_timed": fact["done_in_time"] is not None,
        "reported_in_time": fact["done_in_time"] is True,
        "reported_answered": fact["responded_in_time"] is not None,
        "reported_answered_in_time": fact["responded_in_time"] is True,
    }
    for count, column, _condition in MOVES:
        if fact[column] is not None and flags.get(count, True):
            found[(_day(fact[column]), *rest)][count] = 1
    return found


def hour_contributions(fact: dict | None) -> set[tuple]:
    """{(day reported, team, category, phase, bucket)} for one summary row's values (None: no row)."""
    if fact is None:
        return set()
    day = _day(fact["created_at"])
    return {
        (day, fact["team_id"] or 0, fact["category_id"], phase, histogram.bucket(fact[field]))
        for phase, field in enumerate(HOURS_FIELDS)
        if fact[field] is not None
    }


def shift(*, old: dict | None, new: dict | None) -> None:
    """Take `old`'s contributions out of the rollup and its hour buckets and put `new`'s in (a query for
    each that moved, none if nothing did). Rows are touched in key order, so two transactions shifting the
    same days cannot deadlock."""
    _shift_days(old=old, new=new)
    before, after = hour_contributions(old), hour_contributions(new)
    rows = sorted([(*key, -1) for key in before - after] + [(*key, 1) for key in after - before])
    if not rows:
        return
    columns = ("day", "team_id", "category_id", "phase", "bucket", "n")
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO reports_reporthours ({', '.join(columns)}) VALUES {values} "  # noqa: S608 - fixed names
        "ON CONFLICT (day, team_id, category_id, phase, bucket) "
        "DO UPDATE SET n = reports_reporthours.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def _shift_days(*, old: dict | None, new: dict | None) -> None:
    deltas: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for sign, fact in ((-1, old), (1, new)):
        for key, counts in contributions(fact).items():
            for count, n in counts.items():
                deltas[key][count] += sign * n
    rows = [(*key, *(d[c] for c in COUNTS)) for key, d in sorted(deltas.items()) if any(d.values())]
    if not rows:
        return
    columns = ("day", "team_id", "category_id", "channel", *COUNTS)
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    updates = ", ".join(f"{c} = reports_reportday.{c} + excluded.{c}" for c in COUNTS)
    sql = (
        f"INSERT INTO reports_reportday ({', '.join(columns)}) VALUES {values} "  # noqa: S608 - fixed names
        f"ON CONFLICT (day, team_id, category_id, channel) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def rebuild_days(fact_model, day_model) -> int:
    """Replace the rollup with one derived from every summary row: one grouped query per count, a few
    rows per day in memory. Models are passed in so the migration can use its historical ones."""
    tz = ZoneInfo(settings.TIME_ZONE)
    # An earlier migration's model may not have every count yet.
    known = {field.name for field in day_model._meta.concrete_fields}
    rows: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for count, column, condition in MOVES:
        if count not in known:
            continue
        facts = fact_model.objects.filter(**{f"{column}__isnull": False})
        if condition is not None:
            facts = facts.filter(condition)
        grouped = (
            facts.annotate(day=TruncDate(column, tzinfo=tz))
            .values_list("day", "team_id", "category_id", "channel")
            .annotate(n=Count("*"))
            .order_by()
        )
        for day, team_id, category_id, channel, n in grouped.iterator(chunk_size=10000):
            rows[(day, team_id or 0, category_id, channel)][count] += n
    day_model.objects.all().delete()
    day_model.objects.bulk_create(
        (
            day_model(
                day=day,
                team_id=team,
                category_id=category,
                channel=channel,
                **{c: n for c, n in counts.items() if c in known},
            )
            for (day, team, category, channel), counts in rows.items()
        ),
        batch_size=5000,
    )
    return len(rows)


def rebuild_hours(fact_model, hours_model) -> int:
    """Replace the hour buckets with those of every summary row, counted in Python (SQLite's demo data and
    the migration; PostgreSQL rebuilds in one statement, reports/bulk.py)."""
    rows: dict[tuple, int] = defaultdict(int)
    facts = fact_model.objects.values("created_at", "team_id", "category_id", *HOURS_FIELDS)
    for fact in facts.iterator(chunk_size=10000):
        for key in hour_contributions(fact):
            rows[key] += 1
    hours_model.objects.all().delete()
    hours_model.objects.bulk_create(
        (
            hours_model(day=day, team_id=team, category_id=category, phase=phase, bucket=index, n=n)
            for (day, team, category, phase, index), n in rows.items()
        ),
        batch_size=5000,
    )
    return len(rows)


def copy_to_feedback(ticket_id: int | None = None) -> None:
    """Copy team, place, category, contractor and completion from the summary rows to the ratings (of
    one ticket, or all). UPDATE … FROM runs on PostgreSQL and on SQLite from 3.33."""
    assignments = ", ".join(f"{field} = f.{field}" for field in FEEDBACK_FIELDS)
    sql = (
        f"UPDATE reports_feedback SET {assignments} "  # noqa: S608 - fixed names
        "FROM reports_ticketfact f WHERE f.ticket_id = reports_feedback.ticket_id"
    )
    params = []
    if ticket_id is not None:
        sql += " AND reports_feedback.ticket_id = %s"
        params.append(ticket_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
