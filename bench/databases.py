"""The 1M databases and production settings that bench/compare.py and bench/load.py share: ours is
copied from a template filled once by bench/generate.py (or filled anew), then migrated to this checkout."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}


def production_env(db: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off); static files from a manifest built once outside the tree."""
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
        "DEBUG": "off",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-not-a-secret-" + "x" * 40),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", os.path.join(tempfile.gettempdir(), "mp_bench_static")),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def exists(db: str) -> bool:
    sql = f"SELECT 1 FROM pg_database WHERE datname = '{db}'"
    env = {**os.environ, **PG}
    out = subprocess.run(
        ["psql", "-qtAd", "postgres", "-c", sql], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip() == "1"


def ensure(db: str, template: str, env: dict, *, tickets: int, units: int) -> None:
    """Copy `template` to `db` when missing (else fill it with bench/generate.py), then migrate it to this
    checkout and collect the static files production serves."""
    run_env = {**os.environ, **env}
    python = sys.executable
    if not exists(db):
        if exists(template):
            print(f"copying {template} to {db}", flush=True)
            subprocess.run(["createdb", "-T", template, db], env={**os.environ, **PG}, check=True)
        else:
            print(f"filling {db} with bench/generate.py", flush=True)
            subprocess.run(["createdb", db], env={**os.environ, **PG}, check=True)
            subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=run_env, check=True)
            subprocess.run(
                [python, "bench/generate.py", "--tickets", str(tickets), "--units", str(units)],
                cwd=ROOT,
                env=run_env,
                check=True,
            )
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=run_env, check=True)
    if not Path(env["STATIC_ROOT"], "staticfiles.json").exists():
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=run_env, check=True
        )
