"""Load test: tenants and case workers at once (7 in 10 tenants, thinking 1 to 5 s between pages) against
gunicorn started with the project's own config (docker/gunicorn.conf.py) and production settings, on a
copy of the 1M database; stepping 25, 50, 100 and 200 users, each step bounded.

    .venv/bin/python bench/load.py                        # --steps 25,50,100,200 --step-seconds 60

Per step: requests per second, median, p95 and p99 (locust, headless; statistics from when all users
are running), errors by kind, and the CPU used by gunicorn, by PostgreSQL's backends of this database
and by locust itself. Writes bench/results/load.json. The people and the pages they open are in
bench/locustfile.py.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402 - comes with locust

from bench import databases  # noqa: E402

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="mp_load")
    parser.add_argument("--template", default="mp_bench_base")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--steps", default="25,50,100,200")
    parser.add_argument("--step-seconds", type=int, default=60, help="measured time per step, after ramp-up")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--label", help="also write load-<label>.json")
    args = parser.parse_args()

    env = databases.production_env(args.db)
    databases.ensure(args.db, args.template, env, tickets=1_000_000, units=100_000)
    work = Path(tempfile.mkdtemp(prefix="mp_load_"))
    people = work / "people.json"
    subprocess.run([sys.executable, __file__.replace("load.py", "load_people.py"), str(people)],
                   env={**os.environ, **env}, check=True)  # fmt: skip
    server = start_gunicorn(args.port, env, work)
    results = {"config": describe_server(env), "steps": []}
    try:
        for users in [int(n) for n in args.steps.split(",")]:
            step = run_step(args, users, server, people, work)
            results["steps"].append(step)
            print_step(step)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    write(results, args.label)
    print(f"gunicorn log: {work / 'gunicorn.log'}")


def start_gunicorn(port: int, env: dict, work: Path) -> subprocess.Popen:
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "docker/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.kill()
    raise SystemExit(f"gunicorn did not answer /healthz; see {work / 'gunicorn.log'}")


def describe_server(env: dict) -> dict:
    """The gunicorn settings in force, as the config file computes them."""
    namespace: dict = {}
    exec((ROOT / "docker" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config
    keys = ("workers", "threads", "worker_class", "keepalive", "timeout", "max_requests", "backlog")
    return {k: namespace[k] for k in keys if k in namespace} | {"CONN_MAX_AGE": env.get("CONN_MAX_AGE", "60")}


class CpuMeter:
    """CPU seconds used by groups of processes over a step, polled once a second (processes that start
    or end within the step count with what was seen of them)."""

    def __init__(self, groups: dict):
        self.groups, self.first, self.last = groups, {}, {}
        self.stop = threading.Event()
        self.sample(initial=True)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self, initial: bool = False) -> None:
        for group, find in self.groups.items():
            for process in find():
                try:
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                key = (group, process.pid)
                self.first.setdefault(key, times.user + times.system if initial else 0.0)
                self.last[key] = times.user + times.system

    def run(self) -> None:
        while not self.stop.wait(1):
            self.sample()

    def result(self) -> dict[str, float]:
        self.stop.set()
        self.thread.join()
        self.sample()
        used = dict.fromkeys(self.groups, 0.0)
        for (group, pid), last in self.last.items():
            used[group] += last - self.first[(group, pid)]
        return {group: round(seconds, 1) for group, seconds in used.items()}


def _tree(pid: int):
    def find():
        try:
            root = psutil.Process(pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    return find


def _backends(db: str):
    def find():
        out = subprocess.run(
            ["psql", "-qtAd", "postgres", "-c", f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'"],
            env={**os.environ, **databases.PG},
            capture_output=True,
            text=True,
        )
        processes = []
        for line in out.stdout.split():
            try:
                processes.append(psutil.Process(int(line)))
            except (psutil.Error, ValueError):
                continue
        return processes

    return find


def run_step(args, users: int, server: subprocess.Popen, people: Path, work: Path) -> dict:
    ramp = users / args.spawn_rate
    prefix = work / f"step{users}"
    load_before = os.getloadavg()
    locust = subprocess.Popen(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
         "-r", str(args.spawn_rate), "-t", f"{int(ramp + args.step_seconds)}s", "--host",
         f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--reset-stats", "--only-summary",
         "--loglevel", "WARNING", "--stop-timeout", "10"],
        cwd=ROOT, env={**os.environ, "LOAD_USERS": str(people)}, stdout=subprocess.DEVNULL,
        stderr=(work / f"locust{users}.log").open("w"),
    )  # fmt: skip
    time.sleep(ramp)  # CPU counts from when every user runs, as locust's statistics do
    meter = CpuMeter(
        {"gunicorn": _tree(server.pid), "postgresql": _backends(args.db), "locust": _tree(locust.pid)}
    )
    began = time.monotonic()
    locust.wait()
    seconds = time.monotonic() - began
    cpu = meter.result()
    step = {
        "users": users,
        "seconds": round(seconds),
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }
    step.update(read_stats(prefix))
    step["cpu_seconds"] = cpu
    step["cpu_share_of_2_cores"] = {k: round(v / seconds / 2, 2) for k, v in cpu.items()}
    if step["requests"]:
        step["cpu_ms_per_request"] = {
            k: round(v * 1000 / step["requests"], 1) for k, v in cpu.items() if k != "locust"
        }
    return step


def read_stats(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = {
        r["Name"]: {"requests": int(r["Request Count"]), "median_ms": float(r["Median Response Time"]),
                    "p95_ms": float(r["95%"]), "p99_ms": float(r["99%"]), "failures": int(r["Failure Count"])}
        for r in rows if r["Name"] != "Aggregated"
    }  # fmt: skip
    with open(f"{prefix}_failures.csv") as handle:
        failures = [
            {"page": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
            for r in csv.DictReader(handle)
        ]
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "failures": failures,
        "pages": pages,
    }


def print_step(step: dict) -> None:
    cpu = step["cpu_share_of_2_cores"]
    print(
        f"{step['users']:>4} users: {step['rps']:>6} req/s, median {step['median_ms']:>6.0f} ms, "
        f"p95 {step['p95_ms']:>6.0f}, p99 {step['p99_ms']:>6.0f}, errors {step['errors']}; CPU of 2 cores: "
        f"gunicorn {cpu['gunicorn']:.0%}, PostgreSQL {cpu['postgresql']:.0%}, locust {cpu['locust']:.0%} "
        f"(load {step['load_before'][0]:.1f} → {step['load_after'][0]:.1f})",
        flush=True,
    )
    for failure in step["failures"]:
        print(f"      {failure['count']} × {failure['page']}: {failure['error']}")


def write(results: dict, label: str | None) -> None:
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1, ensure_ascii=False) + "\n"
    (out / "load.json").write_text(text)
    if label:
        (out / f"load-{label}.json").write_text(text)
    print("written to bench/results/load.json" + (f" and load-{label}.json" if label else ""))


if __name__ == "__main__":
    main()
