"""A real Celery worker process on the real Redis broker runs a task sent from Django, end to end."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from tests.factories import TicketFactory
from tickets.models import TicketEvent
from tickets.tasks import mark_overdue

pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 60


def _database_url() -> str:
    """The URL of the test database pytest-django created, so the worker sees the rows this test commits."""
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql", (
        "DATABASE_URL must point at PostgreSQL: a worker process cannot see pytest's in-memory SQLite"
    )
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def running_worker(log_path: Path) -> Iterator[subprocess.Popen]:
    """`celery -A config worker` on the default queue, on this test's database and the real Redis."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "on"}
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", "default", "--pool", "solo"),
        *("--hostname", f"test-{uuid.uuid4().hex[:8]}@%h", "--without-mingle", "--without-gossip"),
    ]
    # A file, not a pipe: nobody reads the log while the worker runs, and a full pipe would block it.
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.django_db(transaction=True)
def test_worker_marks_an_overdue_ticket(tmp_path):
    assert os.environ.get("REDIS_URL"), "REDIS_URL must be set: this test runs a real Celery worker on Redis"
    # Eager mode would run the task in this process and prove nothing about the worker.
    assert not celery_app.conf.task_always_eager
    ticket = TicketFactory(due_at=timezone.now() - dt.timedelta(hours=2))
    assert not ticket.is_overdue

    with running_worker(tmp_path / "worker.log") as worker:
        mark_overdue.delay()
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None:
            ticket.refresh_from_db()
            if ticket.is_overdue:
                break
            time.sleep(0.5)

    if not ticket.is_overdue:
        log = (tmp_path / "worker.log").read_text()
        pytest.fail(f"the worker did not mark the ticket within {WAIT_SECONDS} s; its log:\n{log[-4000:]}")
    assert ticket.events.filter(kind=TicketEvent.Kind.OVERDUE).count() == 1
