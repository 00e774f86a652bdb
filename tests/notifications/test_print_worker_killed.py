"""A real print worker whose process is killed in the middle of a batch: with acks_late and
reject_on_worker_lost the broker hands the task to a fresh process, which prints every letter exactly once."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config import celery_app
from notifications import printing
from notifications.models import OutboxMessage, PrintBatch
from tests.letters.factories import LetterFactory
from tests.letters.pdftools import page_texts
from tickets.models import TicketEvent

pytestmark = [pytest.mark.worker, pytest.mark.pdf]

NAME = re.compile(r"Mieter\d{3}")
LETTERS = 120  # three chunks of the renderer, so there is a moment between two progress steps to kill it


def _database_url() -> str:
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql", "a worker process cannot see pytest's SQLite"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _wait(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True)
def test_killed_print_process_is_replaced_and_the_batch_printed_once(tmp_path, settings):
    assert os.environ.get("REDIS_URL"), "REDIS_URL must be set: this test runs a real Celery worker on Redis"
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge("print")
    for n in range(LETTERS):
        LetterFactory(name=f"Mieter{n:03d}", postcode=f"{10000 + n * 7:05d}")
    batch = printing.print_batch_create(enqueue=False)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "on",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", "print"]
    command += ["--pool", "prefork", "--concurrency", "1", "--hostname", f"print-{uuid.uuid4().hex[:8]}@%h"]
    command += ["--without-mingle", "--without-gossip"]
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        # Fixed arguments only; nothing from outside reaches the command line.
        worker = subprocess.Popen(  # noqa: S603
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        printing.enqueue_render(batch.pk)
        _wait(
            lambda: PrintBatch.objects.filter(pk=batch.pk, progress__gt=0, progress__lt=LETTERS).exists(),
            90,
            "the first progress step",
            log,
        )
        (child,) = _children(worker.pid)
        os.kill(child, signal.SIGKILL)

        _wait(
            lambda: PrintBatch.objects.filter(pk=batch.pk, state=PrintBatch.State.DONE).exists(),
            120,
            "the batch",
            log,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    batch.refresh_from_db()
    assert batch.attempts == 2, log.read_text()[-3000:]
    pages = page_texts(batch.file.read())
    cover, letters = pages[:-LETTERS], pages[-LETTERS:]
    assert f"Druckstapel {batch.pk}" in cover[0] and all("PLZ" in page for page in cover)
    # One page per letter, in postcode order, each name once: nothing printed twice, nothing left out.
    assert [NAME.search(page).group(0) for page in letters] == [f"Mieter{n:03d}" for n in range(LETTERS)]
    assert len(pages) == batch.page_count
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count() == LETTERS
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.LETTER).count() == LETTERS
