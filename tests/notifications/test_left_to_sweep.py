"""Bulk writers can leave delivery to the sweep: no worker hand-off per row, and the sweep still sends."""

import pytest

from notifications.emails import Rendered
from notifications.models import OutboxMessage
from notifications.services import delivery_left_to_sweep, outbox_enqueue

pytestmark = pytest.mark.django_db


def enqueue(key: str) -> OutboxMessage:
    return outbox_enqueue(
        idempotency_key=key,
        rendered=Rendered(subject="Betreff", text="Text", html="<p>Text</p>"),
        recipient_address="mieterin@example.org",
    )


def test_rows_written_while_left_to_sweep_are_not_handed_to_a_worker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, delivery_left_to_sweep():
        message = enqueue("bulk-1")
    assert callbacks == []
    assert message.state == OutboxMessage.State.PENDING


def test_rows_written_normally_are_handed_to_a_worker_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue("single-1")
    assert len(callbacks) == 1
