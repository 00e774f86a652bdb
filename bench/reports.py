"""Benchmark of the report pages (Auswertungen) on the generated company: the overview and every report
page, through Django's test client as a signed-in team lead, with the default period (twelve months) and
narrowed to one team and one property.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/reports.py --prepare

`--prepare` first adds what bench/generate.py does not make (contractors' acceptance and appointment on
the timeline of released tickets, tenants' ratings for a fifth of the finished jobs) and fills the summary
table, its repeat links, the daily rollup and the ratings' copies (reports.facts.rebuild, set-based on
PostgreSQL); run it once after generating (about two minutes at 1,000,000 tickets), again does no harm.
Prints median and p95 server time and queries per page (beside an earlier run's with `--baseline FILE`),
and writes bench/results/reports.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mp_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import TEAM_LEAD, sync_roles  # noqa: E402
from reports.facts import rebuild  # noqa: E402
from reports.pages import PAGES  # noqa: E402
from tickets.models import Ticket  # noqa: E402

# Contractor steps: accepted 1-30 hours after the release, the appointment 1-10 days after it; ratings
# for every fifth finished job with a reporter.
PREPARE_SQL = [
    """
    INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, actor_label, is_public, data, created_at)
    SELECT e.ticket_id, 'contractor', NULL, 'Handwerker', false,
           jsonb_build_object('step', 'accepted'),
           e.created_at + interval '1 hour' * (1 + e.ticket_id % 30)
      FROM tickets_ticketevent e JOIN tickets_ticket t ON t.id = e.ticket_id
     WHERE e.kind = 'status' AND e.data->>'new' = 'released' AND t.contractor_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM tickets_ticketevent c
                        WHERE c.ticket_id = e.ticket_id AND c.kind = 'contractor')
    """,
    """
    INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, actor_label, is_public, data, created_at)
    SELECT e.ticket_id, 'contractor', NULL, 'Handwerker', true,
           jsonb_build_object('step', 'appointment', 'at',
                              to_char((e.created_at + interval '1 day' * (1 + e.ticket_id % 10))
                                      AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')),
           e.created_at + interval '1 hour'
      FROM tickets_ticketevent e
     WHERE e.kind = 'contractor' AND e.data->>'step' = 'accepted'
       AND NOT EXISTS (SELECT 1 FROM tickets_ticketevent a
                        WHERE a.ticket_id = e.ticket_id AND a.kind = 'contractor'
                          AND a.data->>'step' = 'appointment')
    """,
    """
    INSERT INTO reports_feedback (ticket_id, party_id, score, effort, punctuality, tidiness, comment,
                                  created_at, updated_at)
    SELECT t.id, t.reporter_id, 5 - (t.id * 7 % 13) % 5,
           1 + t.id % 5, CASE WHEN t.contractor_id IS NULL THEN NULL ELSE 1 + t.id % 5 END,
           CASE WHEN t.contractor_id IS NULL THEN NULL ELSE 1 + (t.id / 5) % 5 END, '',
           t.closed_at + interval '2 days', t.closed_at + interval '2 days'
      FROM tickets_ticket t
     WHERE t.status = 'done' AND t.reporter_id IS NOT NULL AND t.id % 5 = 0
    ON CONFLICT (ticket_id) DO NOTHING
    """,
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, url: str, params: dict | None, repeat: int) -> dict:
    client.get(url, params)  # warm caches and the connection
    times, sql_times, queries, status = [], [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        queries = len(captured.captured_queries)
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return {
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "sql_median_ms": round(statistics.median(sql_times), 1),
        "queries": queries,
    }


def prepare() -> None:
    with connection.cursor() as cursor:
        for sql in PREPARE_SQL:
            started = time.perf_counter()
            cursor.execute(sql)
            print(f"prepared {cursor.rowcount} rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    count = rebuild(chunk=10000)
    print(f"summary rows for {count} tickets in {time.perf_counter() - started:.1f} s")
    # VACUUM sets the visibility map, without which the covering indexes cannot answer alone (autovacuum
    # does the same in production, a while after a bulk load).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("reports_ticketfact", "reports_feedback", "reports_reportday", "reports_reporthours"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--prepare", action="store_true", help="add contractor steps and ratings, fill the summary"
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--baseline", type=Path, help="an earlier reports.json to print beside (median ms and queries)"
    )
    args = parser.parse_args()
    baseline = json.loads(args.baseline.read_text())["pages"] if args.baseline else {}
    if args.prepare:
        prepare()
    setup_test_environment()
    sync_roles()
    lead, _ = User.objects.get_or_create(username="bench-reports", defaults={"is_staff": True})
    lead.groups.add(Group.objects.get(name=TEAM_LEAD))
    client = Client()
    client.force_login(lead)
    sample = Ticket.objects.order_by("-id").values("team_id", "property_id").first()
    narrowed = {"team": sample["team_id"]}
    from estate.models import Property

    narrowed_property = {
        "liegenschaft": Property.objects.filter(pk=sample["property_id"]).values_list("code", flat=True)[0]
    }
    pages = [("overview", reverse("backoffice:reports"))]
    pages += [(slug, reverse("backoffice:report", args=[slug])) for slug in PAGES]
    results = {"tickets": Ticket.objects.count(), "pages": {}}
    print(f"{results['tickets']} tickets; median / p95 server ms, SQL ms, queries")
    for name, url in pages:
        for label, params in (("all", None), ("team", narrowed), ("property", narrowed_property)):
            figures = measure(client, url, params, args.repeat)
            results["pages"][f"{name}:{label}"] = figures
            before = baseline.get(f"{name}:{label}")
            print(
                f"{name:13} {label:9} {figures['median_ms']:8.1f} {figures['p95_ms']:8.1f} "
                f"{figures['sql_median_ms']:8.1f} {figures['queries']:3}  ({figures['status']})"
                + (f"   before {before['median_ms']:8.1f} {before['queries']:3}" if before else "")
            )
    out = ROOT / "bench" / "results" / "reports.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
