"""The summary rows and the daily rollup rebuilt in a few set-based statements on PostgreSQL, for data that
arrived without the timeline receiver (imports, the benchmark's million tickets): one grouped pass over the
timeline and one upsert, instead of reading every timeline into Python (a million tickets: minutes instead
of half an hour).

The phases mean what `reports.facts.fact_values` says, row by row; tests/reports/test_bulk.py holds the two
to the same values. Working hours come from a calendar of the same working days (`reports.workhours`),
written once per run into a temporary table: a moment's position is the working seconds before its day
plus those passed on it, and the hours between two moments are the difference of their positions.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tickets.models import Message
from tickets.status import Status

from . import histogram, rollup
from .workhours import working_days_before

# The summary row's columns, in the order the SELECT below produces them.
COLUMNS = (
    "ticket_id", "created_at", "property_id", "building_id", "unit_id", "item_id", "category_id", "team_id",
    "contractor_id", "channel", "status", "first_response_at", "released_at", "accepted_at",
    "appointment_at", "done_at", "rejected_at", "reopened_at", "reopened_count", "hours_to_response",
    "hours_to_release", "hours_to_accept", "hours_to_appointment", "hours_to_done", "responded_in_time",
    "done_in_time",
)  # fmt: skip
# Appointments may lie ahead; the calendar runs this far past today.
CALENDAR_AHEAD = dt.timedelta(days=3 * 366)

# Per ticket, from its timeline in order: the phase moments. `releases` counts the releases up to a row,
# `all_releases` those of the whole timeline, so a contractor's step after the latest release is the one
# whose count equals the total (acceptance and appointment restart with each release).
PHASES_SQL = """
WITH ev AS (
    SELECT e.ticket_id, e.kind, e.created_at, e.id, e.data,
           e.kind = 'status' AND e.data->>'new' = %(released)s AS is_release,
           e.kind = 'status' AND e.data->>'new' = %(open)s AND e.data->>'old' = ANY(%(closed)s) AS is_reopen,
           e.kind = 'status' AND e.data->>'new' IN (%(done)s, %(rejected)s) AS is_close
      FROM tickets_ticketevent e
     WHERE e.kind IN ('status', 'message', 'contractor') {events_filter}
), counted AS (
    SELECT ev.*,
           count(*) FILTER (WHERE is_release)
               OVER (PARTITION BY ticket_id ORDER BY created_at, id) AS releases,
           count(*) FILTER (WHERE is_release) OVER (PARTITION BY ticket_id) AS all_releases
      FROM ev
)
SELECT ticket_id,
       min(created_at) FILTER (
           WHERE kind = 'status' OR (kind = 'message' AND data->>'message_kind' = ANY(%(responses)s))
       ) AS first_response,
       min(created_at) FILTER (WHERE is_release) AS released,
       min(created_at) FILTER (
           WHERE kind = 'contractor' AND data->>'step' IN ('accepted', 'appointment')
             AND releases = all_releases
       ) AS accepted,
       ((array_agg(data->>'at' ORDER BY created_at DESC, id DESC) FILTER (
           WHERE kind = 'contractor' AND data->>'step' = 'appointment' AND coalesce(data->>'at', '') <> ''
             AND releases = all_releases
       ))[1])::timestamptz AS appointment,
       (array_agg(data->>'new' ORDER BY created_at DESC, id DESC) FILTER (WHERE is_close OR is_reopen))[1]
           AS last_close,
       (array_agg(created_at ORDER BY created_at DESC, id DESC) FILTER (WHERE is_close OR is_reopen))[1]
           AS last_close_at,
       max(created_at) FILTER (WHERE is_reopen) AS reopened,
       count(*) FILTER (WHERE is_reopen) AS reopened_count
  FROM counted
 GROUP BY ticket_id
"""


def _position(moment: str, calendar: str) -> str:
    """Working seconds before `moment` (SQL) on its property's calendar, joined as `calendar`."""
    first, last = settings.WORKING_HOURS
    return (
        f"({calendar}.before * {(last - first) * 3600} + CASE WHEN {calendar}.working THEN "
        f"least(greatest(extract(epoch FROM ({moment} AT TIME ZONE %(tz)s)::time) - {first * 3600}, 0), "
        f"{(last - first) * 3600}) ELSE 0 END)"
    )


def _hours(since: str, until: str, since_calendar: str, until_calendar: str) -> str:
    """Working hours from `since` to `until`, rounded as fact_values rounds; 0 when not later."""
    return (
        f"CASE WHEN {since} IS NULL OR {until} IS NULL THEN NULL WHEN {until} <= {since} THEN 0.0 "
        f"ELSE round((({_position(until, until_calendar)} - {_position(since, since_calendar)}) "
        f"/ 3600.0)::numeric, 2)::float END"
    )


# The moments the hours are measured between, each with its calendar row.
MOMENTS = {
    "c0": "t.created_at",
    "c1": "p.first_response",
    "c2": "p.released",
    "c3": "p.accepted",
    "c4": "p.appointment",
    "c5": "done_at",
}


def _facts_sql(tickets_filter: str) -> str:
    done = "CASE WHEN p.last_close = %(done)s THEN p.last_close_at END"
    rejected = "CASE WHEN p.last_close = %(rejected)s THEN p.last_close_at END"
    joins = "\n".join(
        f"LEFT JOIN pg_temp.report_calendar {alias} ON {alias}.state = pr.state "
        f"AND {alias}.day = ({moment.replace('done_at', done)} AT TIME ZONE %(tz)s)::date"
        for alias, moment in MOMENTS.items()
    )
    hours = [
        _hours("t.created_at", "p.first_response", "c0", "c1"),
        _hours("t.created_at", "p.released", "c0", "c2"),
        _hours("p.released", "p.accepted", "c2", "c3"),
        _hours("p.released", "p.appointment", "c2", "c4"),
        _hours("t.created_at", done, "c0", "c5"),
    ]
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
    return f"""
INSERT INTO reports_ticketfact ({", ".join(COLUMNS)})
SELECT t.id, t.created_at, t.property_id, u.building_id, t.unit_id, t.item_id, t.category_id, t.team_id,
       t.contractor_id, t.channel, t.status, p.first_response, p.released, p.accepted, p.appointment,
       {done}, {rejected}, p.reopened, coalesce(p.reopened_count, 0),
       {", ".join(hours)},
       CASE WHEN p.first_response IS NULL OR t.respond_by IS NULL THEN NULL
            ELSE p.first_response <= t.respond_by END,
       CASE WHEN {done} IS NULL OR t.due_at IS NULL THEN NULL ELSE {done} <= t.due_at END
  FROM tickets_ticket t
  JOIN estate_property pr ON pr.id = t.property_id
  LEFT JOIN estate_unit u ON u.id = t.unit_id
  LEFT JOIN pg_temp.report_phases p ON p.ticket_id = t.id
{joins}
 WHERE true {tickets_filter}
ON CONFLICT (ticket_id) DO UPDATE SET {updates}
"""  # noqa: S608 - fixed names and generated expressions; values are parameters


def _calendar(cursor) -> None:
    """pg_temp.report_calendar: per state of a property and day, whether it is a working day and how many
    working days came before it (from 1 January 2000, as reports.workhours counts)."""
    cursor.execute("SELECT DISTINCT state FROM estate_property")
    states = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT min(created_at) FROM tickets_ticket")
    earliest = cursor.fetchone()[0] or timezone.now()
    first = timezone.localtime(earliest).date() - dt.timedelta(days=1)
    last = timezone.localdate() + CALENDAR_AHEAD
    rows: list[tuple] = []
    for state in states:
        day, before = first, working_days_before(first, state)
        while day <= last:
            following = working_days_before(day + dt.timedelta(days=1), state)
            rows.append((state, day, before, following > before))
            day, before = day + dt.timedelta(days=1), following
    cursor.execute(
        "CREATE TEMPORARY TABLE report_calendar "
        "(state varchar(2), day date, before integer, working boolean, PRIMARY KEY (state, day)) "
        "ON COMMIT DROP"
    )
    cursor.execute(
        "INSERT INTO pg_temp.report_calendar "
        "SELECT * FROM unnest(%s::varchar[], %s::date[], %s::integer[], %s::boolean[])",
        [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], [], []],
    )
    cursor.execute("ANALYZE pg_temp.report_calendar")


def rebuild_facts(ticket_ids: Iterable[int] | None = None) -> int:
    """Upsert the summary rows of every ticket (or `ticket_ids`); call inside a transaction."""
    ids = None if ticket_ids is None else list(ticket_ids)
    params = {
        "tz": settings.TIME_ZONE,
        "released": Status.RELEASED,
        "open": Status.OPEN,
        "done": Status.DONE,
        "rejected": Status.REJECTED,
        "closed": sorted(Status.closed()),
        "responses": sorted({Message.Kind.PUBLIC, Message.Kind.EMAIL_OUT}),
        "ids": ids,
    }
    with connection.cursor() as cursor:
        # Room to sort and hash a timeline of millions of rows in memory.
        cursor.execute("SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true)")
        _calendar(cursor)
        events_filter = "AND e.ticket_id = ANY(%(ids)s)" if ids is not None else ""
        cursor.execute(
            "CREATE TEMPORARY TABLE report_phases ON COMMIT DROP AS "
            + PHASES_SQL.format(events_filter=events_filter),
            params,
        )
        cursor.execute("CREATE INDEX ON pg_temp.report_phases (ticket_id)")
        cursor.execute("ANALYZE pg_temp.report_phases")
        cursor.execute(_facts_sql("AND t.id = ANY(%(ids)s)" if ids is not None else ""), params)
        count = cursor.rowcount
        cursor.execute("DROP TABLE pg_temp.report_phases")
        cursor.execute("DROP TABLE pg_temp.report_calendar")
    return count


def rebuild_days() -> int:
    """Replace the daily rollup with one summed from every summary row, in one statement (what
    reports.rollup.contributions adds up for one row, for all at once); call inside a transaction."""
    local = "(({column}) AT TIME ZONE %(tz)s)::date"
    moves = [
        # (date column, condition, the counts as SQL)
        ("created_at", "true", "1, 0, 0, 0, (done_at IS NOT NULL)::int, (rejected_at IS NOT NULL)::int, "
         "(done_in_time IS NOT NULL)::int, coalesce(done_in_time, false)::int, "
         "(responded_in_time IS NOT NULL)::int, coalesce(responded_in_time, false)::int"),
        ("done_at", "done_at IS NOT NULL", "0, 1, 0, 0, 0, 0, 0, 0, 0, 0"),
        ("rejected_at", "rejected_at IS NOT NULL", "0, 0, 1, 0, 0, 0, 0, 0, 0, 0"),
        ("reopened_at", "reopened_at IS NOT NULL", "0, 0, 0, 1, 0, 0, 0, 0, 0, 0"),
    ]  # fmt: skip
    parts = " UNION ALL ".join(
        f"SELECT {local.format(column=column)}, coalesce(team_id, 0), category_id, channel, "  # noqa: S608
        f"{counts} FROM reports_ticketfact WHERE {condition}"
        for column, condition, counts in moves
    )
    key = "day, team_id, category_id, channel"
    counts = ", ".join(rollup.COUNTS)
    sums = ", ".join(f"sum({c})" for c in rollup.COUNTS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_reportday")
        cursor.execute(
            f"INSERT INTO reports_reportday ({key}, {counts}) "  # noqa: S608 - fixed names
            f"SELECT {key}, {sums} FROM ({parts}) AS moves ({key}, {counts}) GROUP BY {key}",
            {"tz": settings.TIME_ZONE},
        )
        return cursor.rowcount


def rebuild_hours() -> int:
    """Replace the hour buckets with those of every summary row, in one statement (what
    reports.rollup.hour_contributions gives one row); call inside a transaction."""
    phases = ", ".join(f"({phase}, {field})" for phase, field in enumerate(rollup.HOURS_FIELDS))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_reporthours")
        cursor.execute(
            "INSERT INTO reports_reporthours (day, team_id, category_id, phase, bucket, n) "  # noqa: S608
            "SELECT (created_at AT TIME ZONE %(tz)s)::date, coalesce(team_id, 0), category_id, phase, "
            "width_bucket(hours, %(bounds)s::float8[]), count(*) "
            f"FROM reports_ticketfact CROSS JOIN LATERAL (VALUES {phases}) AS v (phase, hours) "
            "WHERE hours IS NOT NULL GROUP BY 1, 2, 3, 4, 5",
            {"tz": settings.TIME_ZONE, "bounds": list(histogram.BOUNDS)},
        )
        return cursor.rowcount
