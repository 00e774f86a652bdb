"""/healthz for load balancers and operators: is the database there, is the broker there."""

import logging
import threading
import time
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

log = logging.getLogger(__name__)

# A load balancer polls this every few seconds: whatever hangs (a stopped Redis or PostgreSQL, a half-open
# connection), the answer comes within this many seconds, and it is "no".
BUDGET_SECONDS = 2
# A Redis that answers at all answers a PING in milliseconds; connecting and asking may each take this long.
BROKER_TIMEOUT_SECONDS = 0.5

# Checks still running from an earlier call, by name: while one hangs, later calls answer "no" at once
# instead of starting another thread that would hang beside it.
_running: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.exception("health check: database unreachable")
        return False
    finally:
        # The check runs in a thread of its own: its connection must not outlive it.
        connection.close()


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(
            connect_timeout=BROKER_TIMEOUT_SECONDS,
            transport_options={
                "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
                "socket_timeout": BROKER_TIMEOUT_SECONDS,
            },
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        log.exception("health check: broker unreachable")
        return False


def run_checks(checks: dict[str, Callable[[], bool]], budget: float = BUDGET_SECONDS) -> dict[str, bool]:
    """Run the checks side by side, each in its own thread; one that has not answered in time is False."""
    results: dict[str, bool] = {}
    started: dict[str, threading.Thread] = {}
    for name, check in checks.items():
        with _running_lock:
            if name in _running:
                log.error("health check: %s still hangs from an earlier call", name)
                results[name] = False
                continue
            thread = threading.Thread(target=_run_one, args=(name, check, results), daemon=True)
            _running[name] = started[name] = thread
        thread.start()
    deadline = time.monotonic() + budget
    for name, thread in started.items():
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            log.error("health check: %s did not answer within %s s", name, budget)
    return {name: results.get(name, False) is True for name in checks}


def _run_one(name: str, check: Callable[[], bool], results: dict[str, bool]) -> None:
    try:
        results[name] = check()
    finally:
        with _running_lock:
            _running.pop(name, None)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks({"database": _database_ok, "broker": _broker_ok})
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
