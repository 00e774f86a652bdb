"""Where a page's time goes: the queue (first pages, deep keyset pages, a search), the staff ticket page and
the tenant pages split into SQL and Python, with the CPU time a request costs the Python process and its
PostgreSQL backend, the planning time of its queries, and optionally a cProfile of one queue page.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench
    .venv/bin/python bench/queue_profile.py --only queue            # the queue pages alone
    .venv/bin/python bench/queue_profile.py --profile "view=all"    # cProfile of that queue page
    .venv/bin/python bench/queue_profile.py --profile "view=all" --sort tottime --callees queue_rows
    .venv/bin/python bench/queue_profile.py --only queue --ab /tmp/before --rounds 4

compare.py's method: in-process test client, DEBUG off (production settings, requests as HTTPS),
persistent connections, warm-ups, then `--repeat` timed requests. Prints per page: median server time,
median SQL time (as the driver sees it), the Python rest, CPU ms a request of this process and of its
PostgreSQL backend (from /proc; on a shared machine these move far less with the load than wall time),
the number of queries and their summed planning time (EXPLAIN (SUMMARY) of each query of one request),
and the Python function calls of one request under cProfile (which do not move with the load at all).
`--ab DIR` runs the same in fresh processes alternately on this checkout and on DIR (`git archive <commit>
| tar -x -C DIR`), A B B A ..., so both see the same load. Writes bench/results/queue_profile.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl

HERE = Path(__file__).resolve().parent.parent
if str(HERE) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(HERE))

from bench import tree  # noqa: E402

QUEUE_PAGES = {
    "queue: mine": "view=mine",
    "queue: all open by due": "view=all",
    "queue: all open by priority": "view=all&sort=priority",
    "queue: all statuses by priority": "view=all&status=any&sort=priority",
    "queue: all statuses newest": "view=all&status=any&sort=created",
    "search: Heizung": "view=all&status=any&q=Heizung",
}
# compare.py's deep pages, scaled: its row 100,000 of a million is a tenth of all tickets here too.
DEEP_SHARE = 0.1


def _staff():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts.models import User
    from accounts.roles import CASE_WORKER
    from tickets.models import Ticket

    assignee_id = (
        Ticket.objects.filter(assignee__isnull=False).order_by("-id").values_list("assignee", flat=True)[0]
    )
    staff = User.objects.get(pk=assignee_id)
    call_command("sync_roles", verbosity=0)
    staff.groups.add(Group.objects.get(name=CASE_WORKER))
    return staff


def queue_pages(staff) -> dict[str, str]:
    """The fixed queue pages and compare.py's two deep pages, their cursors found as paging reaches them."""
    from urllib.parse import urlencode

    from bench.measure_ours import cursor_at
    from tickets.models import Ticket

    pages = dict(QUEUE_PAGES)
    newest = {"view": "all", "status": "any", "sort": "created"}
    row = max(1, int(Ticket.objects.count() * DEEP_SHARE))
    pages[f"queue: deep, all newest after row {row:,}"] = urlencode(
        {**newest, "after": cursor_at(staff, newest, row)}
    )
    by_due = {"view": "all", "sort": "due"}
    middle = max(1, Ticket.objects.active().count() // 2)
    pages[f"queue: deep, open by due after row {middle:,}"] = urlencode(
        {**by_due, "after": cursor_at(staff, by_due, middle)}
    )
    return pages


def measure(client, url: str, query: str, repeat: int, warmup: int) -> dict:
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = dict(parse_qsl(query))

    def get():
        response = client.get(url, params, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url}?{query} answered {response.status_code}")
        return response

    for _ in range(warmup):
        get()
    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    calls = pstats.Stats(profiler).total_calls
    times, cpu, pg_cpu = tree.timed(get, repeat)
    sql_times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            get()
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
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
        "cpu_ms": round(statistics.median(cpu), 1),
        "pg_cpu_ms": round(pg_cpu, 1) if pg_cpu is not None else None,
        "queries": len(captured.captured_queries),
        "planning_ms": round(plan, 1),
        "python_calls": calls,
    }


def profile(client, query: str, repeat: int, sort: str, limit: int, callees: str | None) -> None:
    import cProfile
    import pstats

    from django.urls import reverse

    url, params = reverse("backoffice:queue"), dict(parse_qsl(query))
    for _ in range(2):
        client.get(url, params, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url, params, secure=True)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(sort)
    print(f"{stats.total_calls / repeat:,.0f} calls a request")
    stats.print_stats(limit)
    if callees:
        stats.print_callees(callees)


def run(args) -> dict:
    from django.test import Client
    from django.urls import reverse

    from bench.measure_ours import middle_ticket
    from tickets.models import Ticket

    staff = _staff()
    client = Client()
    client.force_login(staff)
    if args.profile is not None:
        profile(client, args.profile, args.repeat, args.sort, args.limit, args.callees)
        return {}
    queue = reverse("backoffice:queue")
    wanted = args.only or []

    def chosen(name: str) -> bool:
        return not wanted or any(part in name for part in wanted)

    pages = {}
    if any(chosen(name) for name in [*QUEUE_PAGES, "queue: deep"]):
        pages = {name: (client, queue, query) for name, query in queue_pages(staff).items()}
    reference = Ticket.objects.order_by("-id").values_list("reference", flat=True)[100]
    pages["ticket page"] = (client, reverse("backoffice:ticket", args=[reference]), "")
    pages["ticket page, middle with 3 messages"] = (
        client,
        reverse("backoffice:ticket", args=[middle_ticket(staff)]),
        "",
    )
    if chosen("tenant"):
        pages.update(tenant_pages())
    pages = {name: page for name, page in pages.items() if chosen(name)}
    results = {name: measure(*page, args.repeat, args.warmup) for name, page in pages.items()}
    return {"tree": str(Path.cwd()), "load": os.getloadavg()[0], "results": results}


def tenant_pages() -> dict:
    """The tenant pages of compare.py, as the tenant it signs in (a login at the 90th percentile of tickets
    reported)."""
    from django.test import Client
    from django.urls import reverse

    from bench.measure_ours import busy_tenant
    from tickets.models import Ticket

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


def show(result: dict) -> None:
    for name, figures in result["results"].items():
        print(f"{name:48} {figures}")
    print(f"load average {result['load']:.2f}")


def ab(args) -> dict:
    """This checkout (A) and `args.ab` (B) alternately, each round a fresh process for each."""
    other = args.ab.resolve()
    runs = {"A": [], "B": []}
    passed = ["--repeat", str(args.repeat), "--warmup", str(args.warmup)]
    for part in args.only or []:
        passed += ["--only", part]
    for n in range(args.rounds):
        for side in ("A", "B") if n % 2 == 0 else ("B", "A"):
            # B runs this script from this checkout against the other tree's code.
            command = [sys.executable, __file__, "--json", *passed]
            command += ["--tree", str(other)] if side == "B" else []
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            runs[side].append(result)
            print(f"round {n + 1} {side} ({result['tree']}), load {result['load']:.2f}", flush=True)
            show(result)
    summary = {}
    for side, results in runs.items():
        summary[side] = {}
        for name in results[0]["results"]:
            figures = [r["results"][name] for r in results]
            summary[side][name] = {
                key: round(statistics.median(f[key] or 0 for f in figures), 1)
                for key in ("median_ms", "python_ms", "cpu_ms", "pg_cpu_ms")
            } | {"queries": figures[-1]["queries"], "python_calls": figures[-1]["python_calls"]}
    print("\nmedian of the rounds: A (this checkout) → B", other)
    for name in summary["A"]:
        a, b = summary["A"][name], summary["B"].get(name, {})
        print(f"{name:48} A {a}\n{'':48} B {b}")
    return {"A": summary["A"], "B": summary["B"], "other": str(other)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--profile", help="a queue query string to profile with cProfile instead")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order (cumulative, tottime, calls)")
    parser.add_argument("--limit", type=int, default=45, help="functions listed under --profile")
    parser.add_argument("--callees", help="also list what functions matching this call")
    parser.add_argument("--only", action="append", help="measure only pages whose name holds this")
    parser.add_argument("--tree", type=Path, help="measure another checkout of the project")
    parser.add_argument("--ab", type=Path, help="this checkout and another, alternately")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print one line of JSON (for --ab)")
    parser.add_argument("--save-as", help="write queue_profile-<this>.json instead")
    args = parser.parse_args()

    if args.ab:
        result = ab(args)
    else:
        tree.setup((args.tree or HERE).resolve(), "/tmp/mp_queue_profile_static")
        result = run(args)
        if not result:
            return
        if args.json:
            print(json.dumps(result))
            return
        show(result)
    out = HERE / "bench" / "results" / f"queue_profile{'-' + args.save_as if args.save_as else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
