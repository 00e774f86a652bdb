"""Our staff and tenant pages side by side with django-helpdesk's (the peer), on the same PostgreSQL with
a million tickets each, measured the same way and alternately in one run; then a sweep over every queue
combination the page offers.

    .venv/bin/python bench/compare.py                 # builds or reuses both databases, then measures
    .venv/bin/python bench/compare.py --no-sweep      # the side-by-side table only
    .venv/bin/python bench/compare.py --sweep-only --save-as before

Ours: database `--db` (default mp_compare), copied from `--template` (mp_bench_base) when missing, else
filled by bench/generate.py; migrated to this checkout before each run. The peer: the harness in
../shared/peers/helpdesk (setup.sh, generate.py, measure.py), run as subprocesses in its own venv. Method
(the peer's): in-process test client, DEBUG off, persistent connections, 2 warm-ups, 20 timed requests,
median and p95 (nearest rank), queries counted in one more request; for our queue pages also planning and
execution time of the rows query (EXPLAIN (ANALYZE, SUMMARY)). Writes bench/results/compare.json and
sweep.json (and compare-<label>.json, sweep-<label>.json with --save-as).
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
from bench import databases  # noqa: E402
from bench.databases import PG  # noqa: E402

HARNESS = ROOT.parent / "shared" / "peers" / "helpdesk"
RESULTS = ROOT / "bench" / "results"
# The peer runs with the environment this script got, not with our settings.
PEER_ENV = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="mp_compare", help="our database")
    parser.add_argument("--template", default="mp_bench_base", help="copied when --db is missing")
    parser.add_argument("--peer-db", default="helpdesk_peer")
    parser.add_argument("--peer-dir", default=os.environ.get("PEER_DIR", "/tmp/helpdesk-peer"))
    parser.add_argument("--harness", default=str(HARNESS))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--sweep-reps", type=int, default=5)
    parser.add_argument("--sweep-warmup", type=int, default=1)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--sweep-only", action="store_true")
    parser.add_argument("--save-as", help="also write compare-<label>.json / sweep-<label>.json")
    parser.add_argument("--slowest-to", help="write the sweep's ten slowest combinations (with URLs) here")
    args = parser.parse_args()

    env = databases.production_env(args.db, CONN_MAX_AGE="600")
    databases.ensure(args.db, args.template, env, tickets=args.tickets, units=args.units)
    if not args.no_peer and not args.sweep_only:
        ensure_peer(args)
    os.environ.update(env)
    import django

    django.setup()
    from bench import measure_ours

    setup = measure_ours.prepare()
    print(f"ours: {setup['describe']}")
    if not args.sweep_only:
        table = side_by_side(args, setup)
        write(table, "compare", args.save_as)
    if not args.no_sweep:
        from bench import sweep

        def progress(summary: dict) -> None:  # partial results while the sweep runs
            write(summary, "sweep", args.save_as, quiet=True)
            if args.slowest_to:
                lines = [f"{r['median_ms']:>8} ms  {r['queries']} q  {r['name']}\n          {r['url']}"
                         for r in summary["slowest"]]  # fmt: skip
                Path(args.slowest_to).write_text("\n".join(lines) + "\n")

        summary = sweep.run(
            setup["staff_client"], setup["staff"], setup["queue_url"], reps=args.sweep_reps,
            warmup=args.sweep_warmup, marker=setup["rows_marker"], progress=progress,
        )  # fmt: skip
        sweep.print_slowest(summary)
        progress(summary)
        write(summary, "sweep", args.save_as)


def _peer_env(args) -> dict:
    return {**PEER_ENV, **PG, "PEER_DIR": args.peer_dir, "PEER_DB": args.peer_db}


def ensure_peer(args) -> None:
    python = Path(args.peer_dir, ".venv", "bin", "python")
    if not python.exists() or not databases.exists(args.peer_db):
        subprocess.run(["./setup.sh"], cwd=args.harness, env=_peer_env(args), check=True)
        subprocess.run([str(python), "generate.py", str(args.tickets)], cwd=args.harness, env=_peer_env(args),
                       check=True)  # fmt: skip


def measure_peer(args, names: list[str]) -> dict:
    """Run the peer's own measure.py for these scenarios; returns its figures per scenario."""
    python = str(Path(args.peer_dir, ".venv", "bin", "python"))
    with tempfile.TemporaryDirectory() as out:
        command = [python, "measure.py", "--only", ",".join(names), "--reps", str(args.reps), "--warmup",
                   str(args.warmup)]  # fmt: skip
        subprocess.run(command, cwd=args.harness, env={**_peer_env(args), "RESULTS_DIR": out}, check=True,
                       stdout=sys.stderr)  # fmt: skip
        (path,) = glob.glob(os.path.join(out, "results-*.json"))
        data = json.loads(Path(path).read_text())
    scenarios = data["scenarios"]
    if data.get("physical_floor"):
        scenarios["physical_floor"] = data["physical_floor"]
    return scenarios


def _sum(parts: list[dict]) -> dict:
    return {
        "median_ms": round(sum(p["median_ms"] for p in parts), 1),
        "p95_ms": round(sum(p["p95_ms"] for p in parts), 1),
        "queries": sum(p["queries"] for p in parts),
        "parts": {p.get("name", str(i)): p for i, p in enumerate(parts)},
    }


def side_by_side(args, setup: dict) -> dict:
    """Ours, then the peer, scenario by scenario, so both see the same machine at about the same time."""
    from bench import measure_ours
    from bench.timing import load

    rows: dict[str, dict] = {}
    peer_plan = {
        "staff queue, first page": ["list_page", "dt_first"],
        "deep page (row 100,000)": None,
        "deep page, middle of the open list by due time": ["dt_deep"],
        'search "Heizung"': ["list_search", "dt_search"],
        "staff ticket page": ["ticket_view"],
    }
    peer_shared = {"deep page (row 100,000)": "deep page, middle of the open list by due time"}
    for name, ours in measure_ours.staff_scenarios(setup, args.warmup, args.reps):
        _answered(name, ours)
        rows[name] = {"ours": ours}
        print(f"ours  {name:48} {ours['median_ms']:>8} ms p95 {ours['p95_ms']:>8}  {ours['queries']} q  "
              f"(load {ours['load']})", flush=True)  # fmt: skip
        names = peer_plan.get(name)
        if names and not args.no_peer:
            peer = measure_peer(args, names)
            summed = _sum([{**peer[n], "name": n} for n in names])
            summed["load"] = load()
            if "physical_floor" in peer:
                summed["physical_floor"] = peer["physical_floor"]
            rows[name]["peer"] = summed
            for other, source in peer_shared.items():
                if source == name and other in rows:
                    rows[other]["peer"] = summed
            print(f"peer  {name:48} {summed['median_ms']:>8} ms p95 {summed['p95_ms']:>8}  "
                  f"{summed['queries']} q  (load {summed['load']})", flush=True)  # fmt: skip
    for name, ours in measure_ours.tenant_scenarios(setup, args.warmup, args.reps):
        _answered(name, ours)
        rows[name] = {"ours": ours}
        print(f"ours  {name:48} {ours['median_ms']:>8} ms  {ours['queries']} q", flush=True)
    for row in rows.values():
        if "peer" in row and row["ours"]["median_ms"]:
            row["ratio"] = round(row["peer"]["median_ms"] / row["ours"]["median_ms"], 1)
    print_table(rows)
    return {"method": __doc__.split("Method")[1].split("Writes")[0].strip(), "setup": setup["describe"],
            "scenarios": rows}  # fmt: skip


def _answered(name: str, figures: dict) -> None:
    """A page that did not answer 200 (a 404 is fast) is no figure: the run stops rather than print it."""
    if figures["status"] != 200:
        raise SystemExit(f"{name}: {figures['url']} answered {figures['status']}: nothing to compare")


def print_table(rows: dict) -> None:
    def cell(figures: dict | None) -> str:
        if not figures:
            return "–"
        return f"{figures['median_ms']:,} / {figures['p95_ms']:,} / {figures['queries']}"

    print("\n| scenario | ours median / p95 ms / queries | rows query plan / exec ms | "
          "peer median / p95 ms / queries | peer ÷ ours |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for name, row in rows.items():
        plan = row["ours"].get("rows_query") or {}
        planned = f"{plan['plan_ms']} / {plan['exec_ms']}" if plan else "–"
        ratio = f"{row['ratio']:,}" if "ratio" in row else "–"
        print(f"| {name} | {cell(row['ours'])} | {planned} | {cell(row.get('peer'))} | {ratio} |")


def write(data: dict, name: str, label: str | None, quiet: bool = False) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n"
    for suffix in ("", f"-{label}" if label else None):
        if suffix is not None:
            (RESULTS / f"{name}{suffix}.json").write_text(text)
    if not quiet:
        print(f"written to bench/results/{name}.json" + (f" and {name}-{label}.json" if label else ""))


if __name__ == "__main__":
    main()
