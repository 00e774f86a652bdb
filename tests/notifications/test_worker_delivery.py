"""Two real Celery workers deliver the outbox to a local SMTP server: every message arrives exactly once,
even when each delivery task is queued twice and the sweep queues them a third time."""

import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from config import celery_app
from notifications.emails import new_message_id
from notifications.models import OutboxMessage
from notifications.services import enqueue_delivery, publish_connection
from notifications.tasks import sweep

pytestmark = pytest.mark.worker

# More for a load figure: OUTBOX_LOAD_MESSAGES=10000 (TARGETS.md: 10,000 in <= 60 s with 2 workers).
MESSAGES = int(os.environ.get("OUTBOX_LOAD_MESSAGES", "200"))
WAIT_SECONDS = max(90, MESSAGES // 20)


class Sink:
    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.message_ids.append(message_from_bytes(envelope.content)["Message-ID"])
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql", "a worker process cannot see pytest's SQLite"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def worker(log_path: Path, smtp_port: int):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "on",
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
    }
    command = [
        *(
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--queues",
            "default",
            "--pool",
            "threads",
        ),
        *("--concurrency", "4", "--hostname", f"mail-{uuid.uuid4().hex[:8]}@%h", "--without-mingle"),
        "--without-gossip",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(autouse=True)
def quiet_smtp_log():
    # aiosmtpd logs every SMTP command at INFO.
    logger = logging.getLogger("mail.log")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_every_message_exactly_once(tmp_path):
    assert os.environ.get("REDIS_URL"), "REDIS_URL must be set: this test runs real Celery workers on Redis"
    assert not celery_app.conf.task_always_eager
    celery_app.control.purge()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            idempotency_key=f"load:{n}",
            kind="test",
            recipient_address=f"mieter{n}@example.org",
            subject=f"Nachricht {n}",
            body_text="Guten Tag",
            body_html="<p>Guten Tag</p>",
            headers={"Message-ID": new_message_id()},
            next_attempt_at=timezone.now(),
        )
        for n in range(MESSAGES)
    )
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with ExitStack() as stack:
            workers = [stack.enter_context(worker(tmp_path / f"worker{i}.log", port)) for i in range(2)]
            started = time.monotonic()
            with publish_connection() as connection:
                for row in rows:
                    enqueue_delivery(row.pk, connection=connection)
                    # A duplicate task: the claim must stop the second send.
                    enqueue_delivery(row.pk, connection=connection)
            queued = time.monotonic() - started
            sweep()
            while time.monotonic() - started < WAIT_SECONDS and all(w.poll() is None for w in workers):
                if OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count() == MESSAGES:
                    break
                time.sleep(0.5)
            elapsed = time.monotonic() - started
            time.sleep(1)  # let any duplicate that would arrive late arrive
    finally:
        controller.stop()
    logs = "\n".join(p.read_text()[-2000:] for p in tmp_path.glob("worker*.log"))
    sent = OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count()
    assert sent == MESSAGES, f"{sent} of {MESSAGES} sent in {elapsed:.1f} s; logs:\n{logs}"
    counts = Counter(sink.message_ids)
    assert len(counts) == MESSAGES
    assert max(counts.values()) == 1, "a message reached the SMTP server twice"
    print(f"{MESSAGES} messages through 2 workers in {elapsed:.1f} s ({queued:.1f} s of it queueing)")
