"""Benchmark of the tenant portal on a full-size database: home, my tickets, a ticket page, the building's
tickets, the report form's first step and my data, through Django's test client as a signed-in tenant
who has reported more than most (the 90th percentile of tickets per tenant with a login).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/portal.py

Prints median and p95 server time and queries per page, each page's time as a ratio of the home page's
(ratios inside one run are what to compare on a shared machine), and writes bench/results/portal.json.
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

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from estate.models import Party, Tenancy  # noqa: E402
from tickets.models import Ticket  # noqa: E402

TARGET_MEDIAN_MS = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, url: str, repeat: int) -> dict:
    client.get(url)  # warm caches and the connection
    times, sql_times, queries, status = [], [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        queries = len(captured.captured_queries)
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    return {
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "sql_median_ms": round(statistics.median(sql_times), 1),
        "queries": queries,
    }


def busy_tenant() -> Party:
    """A current tenant with a portal login and as many tickets as the 90th percentile of such tenants."""
    current_tenants = Tenancy.objects.current().values("party_id")
    counted = (
        Party.objects.filter(user__isnull=False, pk__in=current_tenants, reported_tickets__isnull=False)
        .annotate(n=Count("reported_tickets"))
        .order_by("n", "pk")
    )
    total = counted.count()
    return counted.select_related("user")[int(total * 0.9)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    tickets = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    party = busy_tenant()
    own = Ticket.objects.filter(reporter=party).order_by("-created_at")
    latest = own.values_list("reference", flat=True).first()
    client = Client()
    client.force_login(party.user)
    print(f"{tickets:,} tickets (by max id); tenant {party.pk} with {own.count()} tickets of their own")

    pages = {
        "home": reverse("portal:home"),
        "my tickets": reverse("portal:my_tickets"),
        "ticket page": reverse("portal:ticket", args=[latest]),
        "building tickets": reverse("portal:building_tickets"),
        "report form, first step": reverse("portal:report"),
        "my data": reverse("portal:my_data"),
    }
    results = {name: measure(client, url, args.repeat) for name, url in pages.items()}
    home = results["home"]["median_ms"] or 1
    for name, figures in results.items():
        figures["ratio_to_home"] = round(figures["median_ms"] / home, 2)
        figures["within_target"] = figures["median_ms"] <= TARGET_MEDIAN_MS
        print(f"{name:28} {figures}")
    out = ROOT / "bench" / "results" / "portal.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "tickets": tickets,
                "tenant_tickets": own.count(),
                "repeat": args.repeat,
                "target_median_ms": TARGET_MEDIAN_MS,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
