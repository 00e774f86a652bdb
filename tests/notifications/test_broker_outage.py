"""A ticket is stored even when the broker is down; the sweep delivers its mail later, once."""

import pytest
from django.core import mail

from config import celery_app
from notifications.models import OutboxMessage
from notifications.tasks import sweep

pytestmark = pytest.mark.django_db


def _reset_pools() -> None:
    # Producers are pooled per broker URL; drop them so the next publish uses the current URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    url = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_pools()
    yield
    celery_app.conf.broker_url = url
    _reset_pools()


def test_ticket_and_outbox_survive_a_broker_outage(
    broker_down, report, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ticket = report()
    assert len(callbacks) == 2  # both deliveries were attempted, and failed quietly
    assert "the sweep will send it" in caplog.text
    ticket.refresh_from_db()
    rows = OutboxMessage.objects.filter(ticket=ticket)
    assert rows.count() == 2
    assert set(rows.values_list("state", flat=True)) == {OutboxMessage.State.PENDING}
    assert mail.outbox == []


def test_sweep_sends_each_message_once_when_the_broker_is_back(report, settings):
    ticket = report()
    celery_app.conf.task_always_eager = True
    try:
        sweep()
        sweep()
    finally:
        celery_app.conf.task_always_eager = False
    assert sorted(m.subject for m in mail.outbox) == sorted(
        OutboxMessage.objects.filter(ticket=ticket).values_list("subject", flat=True)
    )
    assert set(OutboxMessage.objects.filter(ticket=ticket).values_list("state", flat=True)) == {"sent"}
