"""What the per-page benchmarks (ticket_page.py, queue_profile.py, portal.py) share to measure one checkout
against another in fresh processes (`--ab DIR`): Django set up from a given tree with production settings,
and the CPU time of a process (the PostgreSQL backend serving the page) read from /proc."""

import os
import sys
from pathlib import Path


def setup(tree: Path, static_root: str) -> None:
    """Django from `tree` (not the editable install's checkout), DEBUG off, static files collected once."""
    os.chdir(tree)  # the current directory ends up on sys.path too: let it be the tree measured
    if str(tree) not in sys.path:
        sys.path.insert(0, str(tree))
    # An editable install maps the project's packages to its own checkout: here only `tree` counts.
    sys.meta_path[:] = [finder for finder in sys.meta_path if "__editable__" not in repr(finder)]
    production = {
        "DEBUG": "off",
        "SECRET_KEY": "bench-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "STATIC_ROOT": static_root,
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    for name, value in production.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mp_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def cpu_ms(pid: int) -> float | None:
    """CPU time (user + system) of a process in ms, from /proc (PostgreSQL on this host), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def timed(get, repeat: int) -> tuple[list[float], list[float], float | None]:
    """`repeat` calls of `get` (one page request each): wall ms and this process's CPU ms per call, and the
    CPU ms per call of the PostgreSQL backend serving this process (None where /proc cannot tell)."""
    import time

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    times, cpu = [], []
    pg_before = cpu_ms(backend)
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        get()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    pg_after = cpu_ms(backend)
    pg_cpu = (pg_after - pg_before) / repeat if pg_before is not None and pg_after is not None else None
    return times, cpu, pg_cpu
