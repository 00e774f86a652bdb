"""Where a page's time goes: the queue, the staff ticket page and the tenant pages split into SQL and
Python, with the planning time of each query, and optionally a cProfile of one page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/queue_profile.py
    ... bench/queue_profile.py --profile "view=all&sort=priority"   # cProfile of that queue page
    ... bench/queue_profile.py --only ticket --only tenant           # those pages alone

Prints per page: median server time, median SQL time (as the driver sees it), the Python rest, the
number of queries and their summed planning time (EXPLAIN (ANALYZE, SUMMARY) of each query of one
request), and the Python function calls of one request under cProfile: unlike the times, that count does
not move with the machine's load. Writes bench/results/queue_profile.json.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import CASE_WORKER  # noqa: E402
from bench.measure_ours import busy_tenant, middle_ticket  # noqa: E402
from tickets.models import Ticket  # noqa: E402

QUEUE = reverse("backoffice:queue")
PAGES = {
    "queue: mine": "view=mine",
    "queue: all open by due": "view=all",
    "queue: all open by priority": "view=all&sort=priority",
    "queue: all statuses by priority": "view=all&status=any&sort=priority",
    "queue: all statuses newest": "view=all&status=any&sort=created",
    "search: Heizung": "view=all&status=any&q=Heizung",
}


def planning_ms(sql: str, params) -> float:
    """Planning time of one query as PostgreSQL reports it."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY, TIMING OFF) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    for line in lines:
        if line.strip().startswith("Planning Time:"):
            return float(line.split(":")[1].split()[0])
    return 0.0


def measure(client: Client, url: str, query: str, repeat: int) -> dict:
    params = dict(parse_qsl(query))
    client.get(url, params)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, params)
    profiler.disable()
    calls = pstats.Stats(profiler).total_calls
    times, sql_times = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url}?{query} answered {response.status_code}")
    plan = 0.0
    with connection.cursor() as cursor:
        for captured_query in captured.captured_queries:
            if captured_query["sql"].lstrip().upper().startswith("SELECT"):
                # The logged SQL has its values inlined: good enough to plan it again.
                cursor.execute("EXPLAIN (SUMMARY) " + captured_query["sql"])
                for (line,) in cursor.fetchall():
                    if line.strip().startswith("Planning Time:"):
                        plan += float(line.split(":")[1].split()[0])
    median, sql = statistics.median(times), statistics.median(sql_times)
    return {
        "median_ms": round(median, 1),
        "sql_ms": round(sql, 1),
        "python_ms": round(median - sql, 1),
        "queries": len(captured.captured_queries),
        "planning_ms": round(plan, 1),
        "python_calls": calls,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="a queue query string to profile with cProfile instead")
    parser.add_argument("--only", action="append", help="measure only pages whose name holds this")
    parser.add_argument("--save-as", help="write queue_profile-<this>.json instead")
    args = parser.parse_args()

    assignee_id = (
        Ticket.objects.filter(assignee__isnull=False)
        .order_by("-id")
        .values_list("assignee", flat=True)
        .first()
    )
    staff = User.objects.get(pk=assignee_id)
    call_command("sync_roles", verbosity=0)
    staff.groups.add(Group.objects.get(name=CASE_WORKER))
    client = Client()
    client.force_login(staff)

    if args.profile is not None:
        params = dict(parse_qsl(args.profile))
        client.get(QUEUE, params)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(QUEUE, params)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return

    pages = {name: (client, QUEUE, query) for name, query in PAGES.items()}
    reference = Ticket.objects.order_by("-id").values_list("reference", flat=True)[100]
    pages["ticket page"] = (client, reverse("backoffice:ticket", args=[reference]), "")
    pages["ticket page, middle with 3 messages"] = (
        client,
        reverse("backoffice:ticket", args=[middle_ticket()]),
        "",
    )
    pages.update(tenant_pages())
    if args.only:
        pages = {name: page for name, page in pages.items() if any(part in name for part in args.only)}
    results = {name: measure(*page, args.repeat) for name, page in pages.items()}
    load = os.getloadavg()[0]
    for name, figures in results.items():
        print(f"{name:36} {figures}")
    print(f"load average {load:.2f}")
    out = ROOT / "bench" / "results" / f"queue_profile{'-' + args.save_as if args.save_as else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"load": load, "results": results}, indent=2))


def tenant_pages() -> dict:
    """The tenant pages of compare.py, as the tenant it signs in (a login at the 90th percentile of tickets
    reported)."""
    party = busy_tenant()
    client = Client()
    client.force_login(party.user)
    latest = (
        Ticket.objects.filter(reporter=party).order_by("-created_at").values_list("reference", flat=True)[0]
    )
    urls = {
        "tenant: home": reverse("portal:home"),
        "tenant: my tickets": reverse("portal:my_tickets"),
        "tenant: ticket": reverse("portal:ticket", args=[latest]),
        "tenant: building": reverse("portal:building_tickets"),
        "tenant: my data": reverse("portal:my_data"),
    }
    return {name: (client, url, "") for name, url in urls.items()}


if __name__ == "__main__":
    main()
