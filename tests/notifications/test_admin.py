"""Staff see the outbox in the admin, filter it by state, and send failed messages again."""

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def failed_messages(count):
    return OutboxMessage.objects.bulk_create(
        OutboxMessage(
            idempotency_key=f"test:{n}",
            kind="ticket_created",
            recipient_address=f"mieter{n}@example.org",
            subject=f"[2026-{n:06d}] Ihre Meldung",
            body_text="Text",
            state=OutboxMessage.State.FAILED,
            attempts=6,
            last_error="SMTPRecipientsRefused",
        )
        for n in range(count)
    )


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def count_queries(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(
            reverse("admin:notifications_outboxmessage_changelist"), {"state": "failed"}
        )
    assert response.status_code == 200
    assert response.content.decode().count("SMTPRecipientsRefused") == 0  # errors are on the detail page
    return len(ctx.captured_queries)


def test_outbox_list_runs_the_same_queries_for_1_and_50_rows(admin_client):
    failed_messages(1)
    one = count_queries(admin_client)
    OutboxMessage.objects.all().delete()
    failed_messages(50)
    assert count_queries(admin_client) == one


def test_retry_action_sends_failed_messages_again(
    admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    from notifications import services

    queued = []
    monkeypatch.setattr(services, "enqueue_delivery", queued.append)
    rows = failed_messages(2)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:notifications_outboxmessage_changelist"),
            {"action": "retry", "_selected_action": [r.pk for r in rows]},
        )
    assert response.status_code == 302
    assert sorted(queued) == sorted(r.pk for r in rows)
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxMessage.State.PENDING, 0)}
