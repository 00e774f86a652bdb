"""Where the staff ticket page's time goes: the ticket query, the rest of the view, the template, and the
SQL inside each, with every query's planning and execution time, the Python function calls of one request
under cProfile (which do not move with the machine's load), and the median of the whole request.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_speed_bench
    .venv/bin/python bench/ticket_page.py --prepare       # once: a case with a long timeline (see below)
    .venv/bin/python bench/ticket_page.py                 # phases and median of 20
    .venv/bin/python bench/ticket_page.py --profile 30    # and the 30 costliest functions under cProfile
    .venv/bin/python bench/ticket_page.py --ab /tmp/before --rounds 4   # this tree and another, ABAB
    .venv/bin/python bench/ticket_page.py --reference compare # compare.py's kind of ticket (see below)

The method is compare.py's: in-process test client signed in with force_login, DEBUG off (production
settings, requests as HTTPS), persistent connections, 2 warm-ups, then 20 timed requests. `--ab DIR` runs
the same measurement in a subprocess alternately on this checkout and on DIR (another checkout of the
project, e.g. `git archive <commit> | tar -x -C DIR`), so both see the same load; `--tree DIR` measures
DIR alone. Writes bench/results/ticket_page.json (`--save-as X`: ticket_page-X.json).

`--prepare` turns the newest active ticket the measuring case worker may see into a realistic case
through the product's own services: replies, internal and phone notes, two files, a follow-up, an
appointment, two watchers and a work order for a contractor (20 to 30 timeline rows). The measurement
then takes the newest ticket with watchers and files. `--reference compare` takes compare.py's ticket, the
first past the middle of the ids with three messages, or the first such ticket the case worker may open
(in a smaller generated database compare.py's own may be someone else's closed case: a 404).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
if str(HERE) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(HERE))

from bench import tree  # noqa: E402


def _staff():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts.models import User
    from accounts.roles import CASE_WORKER
    from tickets.models import Ticket

    call_command("sync_roles", verbosity=0)
    assignee_id = (
        Ticket.objects.filter(assignee__isnull=False).order_by("-id").values_list("assignee", flat=True)[0]
    )
    staff = User.objects.get(pk=assignee_id)
    staff.groups.add(Group.objects.get(name=CASE_WORKER))
    return staff


def prepare() -> str:
    """A case with a long timeline, through the product's services (see the module's text)."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from estate.models import Contractor
    from tickets import replies, services, workflow
    from tickets.actors import Actor
    from tickets.agenda import appointment_create
    from tickets.attachments import attachment_store
    from tickets.models import Message, Ticket
    from tickets.status import Status
    from tickets.watchers import watcher_add
    from tickets.workspace import Appointment

    staff = _staff()
    actor = Actor.for_user(staff)
    ticket = (
        Ticket.objects.visible_to(staff)
        .filter(status__in=[Status.OPEN, Status.IN_PROGRESS], assignee=staff)
        .order_by("-id")
        .first()
    )
    with transaction.atomic():
        texts = [
            ("public", "Vielen Dank für Ihre Meldung. Wir kümmern uns darum und melden uns in Kürze."),
            ("internal", "Hausmeister war vor Ort, Ursache vermutlich das Ventil im Keller."),
            ("phone", "Mieterin ruft an: Problem besteht weiterhin, bitte Termin am Vormittag."),
            ("public", "Wir haben einen Handwerkertermin vereinbart.\nBitte sorgen Sie für Zugang."),
            ("internal", "Angebot der Firma liegt vor, Freigabe bis 500 € ohne Rückfrage."),
            ("public", "Der Handwerker kommt am Donnerstag zwischen 8 und 12 Uhr."),
            ("internal", "Rückfrage beim Eigentümer erledigt."),
        ]
        for kind, body in texts:
            phone = (
                {"caller": "Frau Beispiel", "direction": "in", "duration_minutes": 4}
                if kind == "phone"
                else {}
            )
            replies.reply_add(ticket=ticket, actor=actor, kind=kind, body=body, **phone)
        for name in ("foto-keller.jpg", "angebot.pdf"):
            attachment_store(
                ticket=ticket,
                content=b"x" * 20_000,
                name=name,
                content_type="image/jpeg" if name.endswith("jpg") else "application/pdf",
                actor=actor,
                is_public=name.endswith("jpg"),
            )
        ticket.refresh_from_db()
        services.follow_up_add(
            ticket=ticket, actor=actor, due_on=timezone.localdate() + dt.timedelta(days=7), note="Nachfassen"
        )
        start = timezone.now() + dt.timedelta(days=2)
        appointment_create(
            ticket=ticket,
            kind=Appointment.Kind.CONTRACTOR,
            title="Handwerkertermin",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            user=staff,
        )
        colleagues = (
            User.objects.filter(is_staff=True, is_active=True).exclude(pk=staff.pk).order_by("pk")[:2]
        )
        for colleague in colleagues:
            watcher_add(ticket=ticket, user=colleague, actor=actor)
        ticket.refresh_from_db()
        if ticket.status == Status.OPEN:
            workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=actor)
            ticket.refresh_from_db()
        workflow.release(ticket, actor=actor, contractor=Contractor.objects.order_by("pk").first())
    rows = ticket.events.count() + ticket.messages.filter(kind=Message.Kind.RESIDENT).count()
    print(f"prepared {ticket.reference}: {rows} timeline rows")
    return ticket.reference


def the_ticket() -> str:
    from tickets.models import Ticket

    found = (
        Ticket.objects.filter(watchers__isnull=False, attachments__isnull=False)
        .order_by("-id")
        .values_list("reference", flat=True)
        .first()
    )
    if found is None:
        raise SystemExit("no prepared ticket: run with --prepare once")
    return found


def compare_ticket(staff) -> str:
    """compare.py's ticket (bench.measure_ours.middle_ticket)."""
    from bench.measure_ours import middle_ticket

    return middle_ticket(staff)


class Phases:
    """Wall time and SQL per phase of one request: the ticket query, the rest of the view, the template."""

    def __init__(self):
        self.current = "other"
        self.times: dict[str, float] = {}
        self.sql: dict[str, float] = {}
        self.queries: list[tuple[str, object, float, str]] = []

    def wrap(self, name, function):
        def wrapped(*args, **kwargs):
            outer, self.current = self.current, name
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.times[name] = self.times.get(name, 0.0) + (time.perf_counter() - began) * 1000
                self.current = outer

        return wrapped

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - began) * 1000
            self.sql[self.current] = self.sql.get(self.current, 0.0) + ms
            self.queries.append((sql, params, ms, self.current))


def _hook(phases: Phases) -> None:
    """Time the view's parts where this tree has them (an older tree may lack one)."""
    from backoffice.views import ticket as view

    if hasattr(view, "_ticket_for_page"):
        view._ticket_for_page = phases.wrap("ticket query", view._ticket_for_page)
    if hasattr(view, "_page"):
        view._page = phases.wrap("view", view._page)
    for name in ("render", "render_page"):
        if hasattr(view, name):
            setattr(view, name, phases.wrap("template", getattr(view, name)))


def _explain(sql: str, params) -> tuple[float, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
    return plan["Planning Time"], plan["Execution Time"]


def measure(repeat: int, warmup: int, profile: int, reference: str | None = None) -> dict:
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    import backoffice

    staff = _staff()
    client = Client()
    client.force_login(staff)
    if reference == "compare":
        reference = compare_ticket(staff)
    url = reverse("backoffice:ticket", args=[reference or the_ticket()])

    def get():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    for _ in range(warmup):
        get()
    samples, cpu, pg_cpu = tree.timed(get, repeat)

    # The phases, over `repeat` more requests (the timers themselves cost a little).
    phases = Phases()
    _hook(phases)
    per_request = []
    with connection.execute_wrapper(phases):
        for _ in range(repeat):
            phases.times, phases.sql, phases.queries = {}, {}, []
            began = time.perf_counter()
            response = get()
            total = (time.perf_counter() - began) * 1000
            per_request.append((total, dict(phases.times), dict(phases.sql), list(phases.queries)))
    queries = per_request[-1][3]

    def med(values):
        return round(statistics.median(values), 2)

    names = ["ticket query", "view", "template"]
    phase_figures = {}
    for name in names:
        wall = med([times.get(name, 0.0) for _t, times, _s, _q in per_request])
        sql = med([sqls.get(name, 0.0) for _t, _times, sqls, _q in per_request])
        phase_figures[name] = {"ms": wall, "sql_ms": sql}
    # "view" contains the template; show the view without it.
    view, template = phase_figures["view"], phase_figures["template"]
    if view["ms"]:
        phase_figures["view"] = {
            "ms": round(view["ms"] - template["ms"], 2),
            "sql_ms": round(view["sql_ms"] - template["sql_ms"], 2),
        }
    counted = sum(fig["ms"] for fig in phase_figures.values())
    phase_figures["request around the view"] = {
        "ms": round(med([t for t, *_r in per_request]) - counted, 2),
        "sql_ms": med([s.get("other", 0.0) for _t, _x, s, _q in per_request]),
    }

    # Each query once more under EXPLAIN ANALYZE (its own plan, its own run).
    query_rows = []
    for sql, params, ms, phase in queries:
        plan = run = None
        if sql.lstrip().upper().startswith("SELECT"):
            plan, run = _explain(sql, params)
        query_rows.append(
            {
                "phase": phase,
                "ms": round(ms, 2),
                "plan_ms": round(plan, 2) if plan is not None else None,
                "exec_ms": round(run, 2) if run is not None else None,
                "sql": sql[:160],
            }
        )

    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    stats = pstats.Stats(profiler)
    top = []
    if profile:
        stats.sort_stats("cumulative")
        for (file, line, function), (_cc, calls, own, cumulative, _callers) in sorted(
            stats.stats.items(), key=lambda item: -item[1][3]
        )[:profile]:
            top.append(
                {
                    "function": f"{Path(file).name}:{line}({function})",
                    "calls": calls,
                    "own_ms": round(own * 1000, 2),
                    "cumulative_ms": round(cumulative * 1000, 2),
                }
            )
    return {
        "url": url,
        "n": len(samples),
        "median_ms": med(samples),
        "p95_ms": round(sorted(samples)[max(0, int(len(samples) * 0.95 + 0.5) - 1)], 2),
        "min_ms": round(min(samples), 2),
        "cpu_ms": med(cpu),
        "pg_cpu_ms": round(pg_cpu, 2) if pg_cpu is not None else None,
        "queries": len(queries),
        "sql_ms": round(sum(row["ms"] for row in query_rows), 2),
        "plan_ms": round(sum(row["plan_ms"] or 0 for row in query_rows), 2),
        "exec_ms": round(sum(row["exec_ms"] or 0 for row in query_rows), 2),
        "python_calls": stats.total_calls,
        "bytes": len(response.content),
        "phases": phase_figures,
        "query_list": query_rows,
        "profile": top,
        "load": os.getloadavg()[0],
        "tree": str(Path(backoffice.__file__).parent.parent),
    }


def show(result: dict, label: str = "") -> None:
    head = f"{label}: " if label else ""
    print(
        f"{head}median {result['median_ms']} ms, p95 {result['p95_ms']}, min {result['min_ms']}; "
        f"CPU a request: Python {result['cpu_ms']} ms, PostgreSQL {result['pg_cpu_ms']} ms; "
        f"{result['queries']} queries, SQL {result['sql_ms']} ms (planning {result['plan_ms']}, "
        f"execution {result['exec_ms']}); {result['python_calls']:,} calls; {result['bytes']:,} bytes; "
        f"load {result['load']:.2f}"
    )
    for name, figures in result["phases"].items():
        print(f"  {name:26} {figures['ms']:7.2f} ms, of it SQL {figures['sql_ms']:6.2f}")
    for row in result["query_list"]:
        plan = f"plan {row['plan_ms']:5.2f} exec {row['exec_ms']:5.2f}" if row["plan_ms"] is not None else ""
        print(f"    [{row['phase']:12}] {row['ms']:5.2f} ms {plan:24} {row['sql'][:90]}")
    for row in result["profile"]:
        print(f"    {row['cumulative_ms']:8.2f} {row['own_ms']:7.2f} {row['calls']:7} {row['function']}")


def ab(other: Path, rounds: int, repeat: int, reference: str | None = None) -> dict:
    """This checkout (A) and `other` (B) alternately, each round a fresh process for each."""
    results = {"A": [], "B": []}
    for n in range(rounds):
        for side in ("A", "B") if n % 2 == 0 else ("B", "A"):
            command = [sys.executable, __file__, "--json", "--repeat", str(repeat)]
            command += ["--reference", reference] if reference else []
            if side == "B":
                command += ["--tree", str(other)]
            out = subprocess.run(
                command, capture_output=True, text=True, check=True, cwd=other if side == "B" else HERE
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            results[side].append(figures)
            print(
                f"round {n + 1} {side} ({figures['tree']}): median {figures['median_ms']} ms, "
                f"CPU {figures['cpu_ms']} + PostgreSQL {figures['pg_cpu_ms']} ms, "
                f"{figures['queries']} queries, "
                f"{figures['python_calls']:,} calls, load {figures['load']:.2f}",
                flush=True,
            )
    summary = {}
    for side, runs in results.items():
        summary[side] = {
            "tree": str(HERE if side == "A" else other),
            "median_of_medians_ms": round(statistics.median(r["median_ms"] for r in runs), 2),
            "cpu_ms": round(statistics.median(r["cpu_ms"] for r in runs), 2),
            "pg_cpu_ms": round(statistics.median(r["pg_cpu_ms"] or 0 for r in runs), 2),
            "medians_ms": [r["median_ms"] for r in runs],
            "queries": runs[-1]["queries"],
            "python_calls": runs[-1]["python_calls"],
            "phases": runs[-1]["phases"],
            "plan_ms": runs[-1]["plan_ms"],
        }
        print(
            f"{side} ({summary[side]['tree']}): median of medians {summary[side]['median_of_medians_ms']} ms "
            f"{summary[side]['medians_ms']}, CPU a request {summary[side]['cpu_ms']} ms + PostgreSQL "
            f"{summary[side]['pg_cpu_ms']} ms, {summary[side]['queries']} queries, planning "
            f"{summary[side]['plan_ms']} ms, {summary[side]['python_calls']:,} calls"
        )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="list this many functions by cumulative time")
    parser.add_argument("--tree", type=Path, help="measure another checkout of the project")
    parser.add_argument("--ab", type=Path, help="this checkout and another, alternately")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print one line of JSON (for --ab)")
    parser.add_argument(
        "--reference", help="this ticket instead of the prepared one; 'compare' for compare.py's kind"
    )
    parser.add_argument("--save-as")
    args = parser.parse_args()

    if args.ab:
        result = ab(args.ab.resolve(), args.rounds, args.repeat, args.reference)
    else:
        tree.setup((args.tree or HERE).resolve(), "/tmp/mp_ticket_page_static")
        if args.prepare:
            prepare()
            return
        result = measure(args.repeat, args.warmup, args.profile, args.reference)
        if args.json:
            print(json.dumps(result))
            return
        show(result)
    out = HERE / "bench" / "results" / f"ticket_page{'-' + args.save_as if args.save_as else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
