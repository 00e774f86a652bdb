"""A worker killed in the middle of a batch: the next run prints every letter exactly once."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from notifications import printing, tasks
from notifications.letters import render_letters
from notifications.models import OutboxMessage, PrintBatch
from tests.letters.factories import LetterFactory
from tests.letters.pdftools import page_texts
from tickets.models import TicketEvent


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the task may catch it."""


def _crash_after_first_chunk(monkeypatch):
    def render(specs, *, progress=None, **kwargs):
        def step(done, total):
            progress(done, total)
            raise WorkerKilled

        return render_letters(specs, chunk_size=2, progress=step)

    monkeypatch.setattr(printing, "render_letters", render)


@pytest.fixture
def letters(db):
    return [LetterFactory(name=f"Mieterin{i}", postcode=f"1{i}000") for i in range(5)]


def _names_on_letter_pages(batch: PrintBatch) -> list[str]:
    batch.refresh_from_db()
    pages = page_texts(batch.file.read())[1:]
    return [next(f"Mieterin{i}" for i in range(5) if f"Mieterin{i}" in page) for page in pages]


@pytest.mark.pdf
def test_killed_worker_leaves_the_batch_rendering_with_its_progress_and_nothing_sent(letters, monkeypatch):
    batch = printing.print_batch_create(enqueue=False)
    _crash_after_first_chunk(monkeypatch)

    with pytest.raises(WorkerKilled):
        tasks.print_batch(batch.pk)

    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.RENDERING
    assert batch.progress == 1  # the cover sheet and the first letter were in the first chunk
    assert not batch.file
    assert not OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).exists()


@pytest.mark.pdf
def test_redelivered_task_prints_each_letter_exactly_once(letters, monkeypatch):
    batch = printing.print_batch_create(enqueue=False)
    with monkeypatch.context() as patch:
        _crash_after_first_chunk(patch)
        with pytest.raises(WorkerKilled):
            tasks.print_batch(batch.pk)

    assert tasks.print_batch(batch.pk) is True

    assert _names_on_letter_pages(batch) == [f"Mieterin{i}" for i in range(5)]
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count() == 5
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.LETTER).count() == 5
    assert batch.attempts == 2


@pytest.mark.pdf
def test_task_run_twice_changes_nothing_the_second_time(letters):
    batch = printing.print_batch_create(enqueue=False)
    assert tasks.print_batch(batch.pk) is True
    batch.refresh_from_db()
    stored = batch.file.name

    assert tasks.print_batch(batch.pk) is False

    batch.refresh_from_db()
    assert batch.file.name == stored
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.LETTER).count() == 5


def test_sweep_hands_a_stuck_batch_to_a_new_worker(letters, monkeypatch):
    batch = printing.print_batch_create(enqueue=False)
    PrintBatch.objects.filter(pk=batch.pk).update(
        state=PrintBatch.State.RENDERING, updated_at=timezone.now() - dt.timedelta(minutes=20)
    )
    fresh = printing.print_batch_create(enqueue=False, message_ids=[LetterFactory().pk])
    queued = []
    monkeypatch.setattr(printing, "enqueue_render", queued.append)

    assert tasks.sweep_print_batches() == 1
    assert queued == [batch.pk]  # the fresh batch still has its own task
    assert fresh.pk not in queued


@pytest.mark.pdf
def test_a_failed_render_keeps_the_letters_in_their_batch_for_a_retry(letters, monkeypatch):
    batch = printing.print_batch_create(enqueue=False)
    with monkeypatch.context() as patch:
        patch.setattr(printing, "render_letters", lambda *a, **k: 1 / 0)
        assert printing.print_batch_render(batch_id=batch.pk) is False
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.FAILED and "ZeroDivisionError" in batch.last_error
    assert printing.print_batch_create(enqueue=False) is None  # its letters stay in this batch

    assert printing.print_batch_render(batch_id=batch.pk) is True
    assert _names_on_letter_pages(batch) == [f"Mieterin{i}" for i in range(5)]


def test_print_tasks_run_on_the_print_queue_and_survive_a_lost_worker():
    for task in (tasks.print_batch, tasks.print_nightly):
        assert task.acks_late and task.reject_on_worker_lost
        assert tasks.print_batch.app.amqp.router.route({}, task.name)["queue"].name == "print"
    assert settings.CELERY_BEAT_SCHEDULE["print-nightly"]["task"] == tasks.print_nightly.name
