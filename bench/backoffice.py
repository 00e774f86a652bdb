"""Benchmark of the staff back-office on a full-size database: the queue (views, filters, deep keyset
pages, full-text search) and the ticket page, through Django's test client as a signed-in case worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/backoffice.py

Prints median and p95 server time and queries per page, and writes bench/results/backoffice.json.
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import CASE_WORKER  # noqa: E402
from backoffice.keyset import SORTS, encode_cursor, order, with_keys  # noqa: E402
from catalogs.models import Category  # noqa: E402
from tickets.models import Ticket  # noqa: E402
from tickets.status import Status  # noqa: E402

QUEUE = reverse("backoffice:queue")


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
    rows = len(response.context["rows"]) if response.context and "rows" in response.context else None
    return {
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "sql_median_ms": round(statistics.median(sql_times), 1),
        "queries": queries,
        "rows": rows,
    }


def deep_cursor(sort: str, position: int) -> str:
    """The cursor a case worker would hold after paging down to `position` (found once, with OFFSET,
    only to set up the benchmark)."""
    keys = SORTS[sort]
    row = with_keys(Ticket.objects.filter(status__in=sorted(Status.active()))).order_by(*order(keys))[
        position
    ]
    return encode_cursor(row, keys)


def scenarios() -> dict[str, dict]:
    latest = Ticket.objects.select_related("property", "reporter").filter(reporter__isnull=False).latest("id")
    prop_code, category_id, surname = latest.property.code, latest.category_id, latest.reporter.last_name
    reference = Ticket.objects.order_by("-id").values_list("reference", flat=True)[1000]
    active = Ticket.objects.filter(status__in=sorted(Status.active())).count()
    deep = max(0, active // 2)
    return {
        "queue: mine": {"view": "mine"},
        "queue: team": {"view": "team"},
        "queue: all open by due": {"view": "all"},
        "queue: all open by priority": {"view": "all", "sort": "priority"},
        "queue: all statuses, newest": {"view": "all", "status": "any", "sort": "created"},
        "queue: unassigned": {"view": "unassigned"},
        "queue: overdue": {"view": "overdue"},
        "queue: follow-ups today": {"view": "follow_up"},
        "queue: filter property": {"view": "all", "property": prop_code, "status": "any"},
        "queue: filter category + emergency": {
            "view": "all",
            "category": category_id,
            "priority": "emergency",
        },
        "queue: filter channel phone, created 2024": {
            "view": "all",
            "status": "any",
            "channel": "phone",
            "created_from": "2024-01-01",
            "created_to": "2024-12-31",
        },
        "queue: deep page (middle) by due": {"view": "all", "after": deep_cursor("due", deep)},
        "queue: deep page (middle) by priority": {
            "view": "all",
            "sort": "priority",
            "after": deep_cursor("priority", deep),
        },
        "queue: deep page (end) newest, all statuses": {
            "view": "all",
            "status": "any",
            "sort": "created",
            "after": encode_cursor(Ticket.objects.order_by("created_at", "id")[50], SORTS["created"]),
        },
        "search: Heizung": {"view": "all", "status": "any", "q": "Heizung"},
        "search: Wasserschaden Keller": {"view": "all", "status": "any", "q": "Wasserschaden Keller"},
        "search: surname": {"view": "all", "status": "any", "q": surname},
        "search: reference": {"view": "all", "status": "any", "q": reference},
        "search: open only, Schimmel": {"view": "all", "q": "Schimmel"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()  # the responses carry their template context (rows per page)

    total = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assignee_id = (
        Ticket.objects.filter(assignee__isnull=False)
        .order_by("-id")
        .values_list("assignee", flat=True)
        .first()
    )
    staff = User.objects.get(pk=assignee_id) if assignee_id else User.objects.filter(is_staff=True).first()
    # Measured as the case worker of every day: in the Sachbearbeitung role, which sees closed cases.
    call_command("sync_roles", verbosity=0)
    staff.groups.add(Group.objects.get(name=CASE_WORKER))
    client = Client()
    client.force_login(staff)
    print(f"{total:,} tickets (by max id); signed in as {staff} ({Category.objects.count()} categories)")

    results = {}
    for name, params in scenarios().items():
        results[name] = measure(client, QUEUE, params, args.repeat)
        print(f"{name:48} {results[name]}")
    references = list(Ticket.objects.order_by("-id").values_list("reference", flat=True)[:200000:10000])
    page_times = [measure(client, reverse("backoffice:ticket", args=[ref]), None, 3) for ref in references]
    results["ticket page"] = {
        "median_ms": round(statistics.median(p["median_ms"] for p in page_times), 1),
        "p95_ms": round(percentile([p["p95_ms"] for p in page_times], 0.95), 1),
        "sql_median_ms": round(statistics.median(p["sql_median_ms"] for p in page_times), 1),
        "queries": max(p["queries"] for p in page_times),
        "tickets": len(references),
    }
    print(f"{'ticket page':48} {results['ticket page']}")
    out = ROOT / "bench" / "results" / "backoffice.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"tickets": total, "repeat": args.repeat, "results": results}, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
