"""Two batches gathered at the same moment (staff press the button while the nightly run gathers): each
letter ends up in exactly one of them, and the second does not wait for the first."""

import threading
import time

from django.db import connection

from notifications import printing
from notifications.letters import outbox
from notifications.models import PrintBatchItem
from tests.letters.factories import LetterFactory


def test_concurrent_gathering_puts_each_letter_in_one_batch(transactional_db, monkeypatch):
    letters = [LetterFactory() for _ in range(4)]
    first_is_gathering = threading.Event()
    real_spec_for = outbox.spec_for

    def slow_spec_for(message):
        first_is_gathering.set()
        time.sleep(0.2)  # holds the row locks while the second gathering runs
        return real_spec_for(message)

    results = {}

    def gather_slowly():
        try:
            results["slow"] = printing.print_batch_create(enqueue=False)
        finally:
            connection.close()

    monkeypatch.setattr(printing, "spec_for", slow_spec_for)
    slow = threading.Thread(target=gather_slowly)
    slow.start()
    assert first_is_gathering.wait(5)
    started = time.monotonic()
    results["fast"] = printing.print_batch_create(enqueue=False)
    waited = time.monotonic() - started
    slow.join(10)

    assert results["fast"] is None  # every letter was locked by the other gathering: skipped, not waited for
    assert waited < 0.5
    assert sorted(PrintBatchItem.objects.values_list("message_id", flat=True)) == [m.pk for m in letters]
    assert results["slow"].letter_count == 4
