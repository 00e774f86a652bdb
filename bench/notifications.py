"""Notifications benchmark: 10,000 queued e-mails delivered by 2 real Celery worker processes to a local
SMTP sink, with every Message-ID the sink receives counted (TARGETS.md: <= 60 s, no duplicate).

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/<a fresh db> \\
        .venv/bin/python bench/notifications.py [--messages 10000] [--workers 2] [--batch 50]

--batch 50 hands the messages over as the sweep and mass notices do (tasks of 50); --batch 1 as a single
change does after commit (one task per message), which shows what the per-task overhead costs.

The database must be migrated; the benchmark removes only its own outbox rows (key prefix "bench:") and
purges the Celery queue of that Redis database. The SMTP sink (aiosmtpd) listens on 127.0.0.1 only.
Figures go to the console and to bench/results/notifications.json.
"""

import argparse
import json
import logging
import os
import platform
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from email.parser import BytesHeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from config import celery_app  # noqa: E402
from notifications.emails import new_message_id  # noqa: E402
from notifications.models import OutboxMessage  # noqa: E402
from notifications.services import (  # noqa: E402
    enqueue_delivery,
    enqueue_delivery_batches,
    publish_connection,
)

KEY_PREFIX = "bench:"
BODY = (
    "Guten Tag Frau Mustermann,\n\nIhre Meldung 2026-000123 (WC-Spülung defekt) wurde an die Firma "
    "Sanitär Schulz GmbH weitergegeben. Der Betrieb meldet sich bei Ihnen für einen Termin.\n\n"
    "Mit freundlichen Grüßen\nWohnungsbau Musterstadt eG\n"
)


class Sink:
    """Counts what reaches the SMTP server; only the headers are parsed (the Message-ID is all we need)."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.parser = BytesHeaderParser()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.message_ids.append(str(self.parser.parsebytes(envelope.content)["Message-ID"]))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def worker(number: int, smtp_port: int, concurrency: int, log_dir: Path):
    env = {
        **os.environ,
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", "default"),
        *("--pool", "threads", "--concurrency", str(concurrency), "--loglevel", "WARNING"),
        *("--hostname", f"bench{number}-{os.getpid()}@%h", "--without-mingle", "--without-gossip"),
    ]
    log_path = log_dir / f"worker{number}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_workers(count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = celery_app.control.ping(timeout=1.0) or []
        if len(replies) >= count:
            return
    raise SystemExit(f"fewer than {count} workers answered within {timeout:.0f} s")


def prepare(count: int) -> tuple[list[int], float]:
    OutboxMessage.objects.filter(idempotency_key__startswith=KEY_PREFIX).delete()
    started = time.monotonic()
    rows = OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                idempotency_key=f"{KEY_PREFIX}{n}",
                kind="bench",
                recipient_address=f"mieter{n}@example.org",
                subject=f"[2026-{n:06d}] Ihre Meldung wurde weitergegeben",
                body_text=BODY,
                body_html="<p>" + BODY.replace("\n\n", "</p><p>") + "</p>",
                headers={"Message-ID": new_message_id()},
                next_attempt_at=timezone.now(),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return [row.pk for row in rows], time.monotonic() - started


def run(*, messages: int, workers: int, concurrency: int, batch: int, timeout: float) -> dict:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("Set DATABASE_URL to a migrated PostgreSQL database: workers cannot share SQLite.")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL (a Redis database number of its own): the workers use Redis.")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    celery_app.control.purge()
    ids, insert_seconds = prepare(messages)
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    log_dir = ROOT / "var" / "bench-notifications"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        with ExitStack() as stack:
            procs = [stack.enter_context(worker(n, port, concurrency, log_dir)) for n in range(workers)]
            wait_for_workers(workers)
            started = time.monotonic()
            if batch > 1:
                # How the sweep and mass notices hand over many due messages at once.
                enqueue_delivery_batches(ids, size=batch)
            else:
                # How a single change hands over its message after commit: one task each.
                with publish_connection() as connection:
                    for pk in ids:
                        enqueue_delivery(pk, connection=connection)
            enqueue_seconds = time.monotonic() - started
            while time.monotonic() - started < timeout and all(p.poll() is None for p in procs):
                if len(sink.message_ids) >= messages:
                    break
                time.sleep(0.05)
            delivered_seconds = time.monotonic() - started
            time.sleep(2)  # a duplicate that would arrive late arrives now
    finally:
        controller.stop()
    counts = Counter(sink.message_ids)
    sent = OutboxMessage.objects.filter(
        idempotency_key__startswith=KEY_PREFIX, state=OutboxMessage.State.SENT
    ).count()
    return {
        "benchmark": "notifications",
        "messages": messages,
        "workers": workers,
        "threads_per_worker": concurrency,
        "messages_per_task": batch,
        "insert_outbox_seconds": round(insert_seconds, 2),
        "enqueue_seconds": round(enqueue_seconds, 2),
        "total_seconds": round(delivered_seconds, 2),
        "messages_per_second": round(len(counts) / delivered_seconds, 1),
        "received_at_sink": len(sink.message_ids),
        "distinct_message_ids": len(counts),
        "duplicates": sum(n - 1 for n in counts.values()),
        "marked_sent": sent,
        "target": {"total_seconds_max": 60, "duplicates": 0},
        "passed": delivered_seconds <= 60 and len(counts) == messages and sum(counts.values()) == messages,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4, help="threads per worker process")
    parser.add_argument(
        "--batch", type=int, default=50, help="messages per delivery task; 1 = one task per message"
    )
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    result = run(
        messages=args.messages,
        workers=args.workers,
        concurrency=args.concurrency,
        batch=args.batch,
        timeout=args.timeout,
    )
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / "notifications.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
