"""Benchmark of the tenant portal on a full-size database: home, my tickets, a ticket page, the building's
tickets, the report form's first step and my data, through Django's test client as a signed-in tenant
who has reported more than most (the 90th percentile of tickets per tenant with a login).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/portal.py
    ... bench/portal.py --profile "my data" --top 40     # and the costliest functions of that page
    ... bench/portal.py --ab /tmp/before --rounds 4       # this tree and another, alternately

The method is compare.py's and ticket_page.py's: production settings (DEBUG off, requests as HTTPS),
persistent connections, warm-ups, then timed requests. Prints per page the median and p95 server time,
the CPU time a request costs this process and the PostgreSQL backend serving it (from /proc: on a busy
machine these move much less than wall time), the queries, and the Python function calls of one request
under cProfile (which do not move with the load at all). `--ab DIR` runs the same measurement in a fresh
process alternately on this checkout and on DIR (e.g. `git archive <commit> | tar -x -C DIR`), so both see
the same load. Writes bench/results/portal.json (`--save-as X`: portal-X.json).
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench import tree  # noqa: E402

TARGET_MEDIAN_MS = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client, url: str, repeat: int, top: int = 0) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    get()  # warm caches and the connection
    get()
    times, cpu, pg_cpu = tree.timed(get, repeat)
    with CaptureQueriesContext(connection) as captured:
        response = get()
    queries = captured.captured_queries  # read now: the next request empties the log
    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    stats = pstats.Stats(profiler)
    result = {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "cpu_ms": round(statistics.median(cpu), 2),
        "pg_cpu_ms": round(pg_cpu, 2) if pg_cpu is not None else None,
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "python_calls": stats.total_calls,
        "bytes": len(response.content),
    }
    if top:
        rows = sorted(stats.stats.items(), key=lambda item: -item[1][3])[:top]
        result["profile"] = [
            f"{cumulative * 1000:8.2f} {own * 1000:7.2f} {calls:7} {Path(file).name}:{line}({function})"
            for (file, line, function), (_cc, calls, own, cumulative, _callers) in rows
        ]
    return result


def busy_tenant():
    """A current tenant with a portal login and as many tickets as the 90th percentile of such tenants."""
    from django.db.models import Count

    from estate.models import Party, Tenancy

    current_tenants = Tenancy.objects.current().values("party_id")
    counted = (
        Party.objects.filter(user__isnull=False, pk__in=current_tenants, reported_tickets__isnull=False)
        .annotate(n=Count("reported_tickets"))
        .order_by("n", "pk")
    )
    total = counted.count()
    return counted.select_related("user")[int(total * 0.9)]


def run(args) -> dict:
    from django.test import Client
    from django.urls import reverse

    from tickets.models import Ticket

    tickets = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    party = busy_tenant()
    own = Ticket.objects.filter(reporter=party).order_by("-created_at")
    latest = own.values_list("reference", flat=True).first()
    client = Client()
    client.force_login(party.user)
    pages = {
        "home": reverse("portal:home"),
        "my tickets": reverse("portal:my_tickets"),
        "ticket page": reverse("portal:ticket", args=[latest]),
        "building tickets": reverse("portal:building_tickets"),
        "report form, first step": reverse("portal:report"),
        "my data": reverse("portal:my_data"),
    }
    if args.only:
        pages = {name: url for name, url in pages.items() if any(part in name for part in args.only)}
    results = {}
    for name, url in pages.items():
        top = args.top if args.profile and args.profile in name else 0
        results[name] = measure(client, url, args.repeat, top)
    return {
        "tickets": tickets,
        "tenant": party.pk,
        "tenant_tickets": own.count(),
        "repeat": args.repeat,
        "target_median_ms": TARGET_MEDIAN_MS,
        "load": os.getloadavg()[0],
        "tree": str(Path(sys.modules["portal"].__file__).parent.parent),
        "results": results,
    }


def show(result: dict) -> None:
    print(
        f"{result['tickets']:,} tickets (by max id); tenant {result['tenant']} with "
        f"{result['tenant_tickets']} tickets of their own; load {result['load']:.2f}; {result['tree']}"
    )
    for name, figures in result["results"].items():
        within = "" if figures["median_ms"] <= TARGET_MEDIAN_MS else "  over target"
        print(
            f"{name:24} median {figures['median_ms']:6.1f} ms, p95 {figures['p95_ms']:6.1f}; CPU a request "
            f"{figures['cpu_ms']:6.2f} ms + PostgreSQL {figures['pg_cpu_ms']} ms; {figures['queries']:2} "
            f"queries ({figures['sql_ms']} ms); {figures['python_calls']:,} calls{within}"
        )
        for line in figures.get("profile", []):
            print("    " + line)


def ab(args) -> None:
    """This checkout (A) and `args.ab` (B) alternately, each round a fresh process for each; the medians
    over the rounds of each page's CPU, PostgreSQL CPU and wall time."""
    other = args.ab.resolve()
    runs = {"A": [], "B": []}
    for n in range(args.rounds):
        for side in ("A", "B") if n % 2 == 0 else ("B", "A"):
            command = [sys.executable, __file__, "--json", "--repeat", str(args.repeat)]
            for part in args.only or []:
                command += ["--only", part]
            if side == "B":
                command += ["--tree", str(other)]
            out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            runs[side].append(figures)
            print(f"round {n + 1} {side}: load {figures['load']:.2f}", flush=True)
    for side, results in runs.items():
        print(f"{side}: {results[0]['tree']}")
        for name in results[0]["results"]:
            pages = [r["results"][name] for r in results]

            def med(key, pages=pages):
                return round(statistics.median(p[key] or 0 for p in pages), 2)

            print(
                f"  {name:24} median {med('median_ms'):6.1f} ms; CPU {med('cpu_ms'):6.2f} ms + PostgreSQL "
                f"{med('pg_cpu_ms'):5.2f} ms; {pages[-1]['queries']:2} queries; "
                f"{pages[-1]['python_calls']:,} calls"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", action="append", help="measure only pages whose name holds this")
    parser.add_argument("--profile", help="list the costliest functions of the page whose name holds this")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--tree", type=Path, help="measure another checkout of the project")
    parser.add_argument("--ab", type=Path, help="this checkout and another, alternately")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print one line of JSON (for --ab)")
    parser.add_argument("--save-as")
    args = parser.parse_args()

    if args.ab:
        ab(args)
        return
    tree.setup((args.tree or ROOT).resolve(), "/tmp/mp_portal_static")
    result = run(args)
    if args.json:
        print(json.dumps(result))
        return
    show(result)
    out = ROOT / "bench" / "results" / f"portal{'-' + args.save_as if args.save_as else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
