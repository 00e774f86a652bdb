"""Celery tasks for messages. Each takes ids or nothing, calls one service, and is safe to run twice."""

from celery import shared_task

from . import digest, services


@shared_task(name="notifications.deliver", ignore_result=True)
def deliver(message_id: int) -> bool:
    return services.outbox_deliver(message_id=message_id)


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep() -> int:
    """Every minute: deliver what is still pending (the broker was down, a worker died, a retry is due)."""
    due = services.outbox_sweep()
    with services.publish_connection() as connection:
        for message_id in due:
            services.enqueue_delivery(message_id, connection=connection)
    return len(due)


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests() -> int:
    return digest.send_digests()


@shared_task(name="notifications.escalate_overdue", ignore_result=True)
def escalate_overdue() -> int:
    from . import rules

    return rules.escalate_overdue()


@shared_task(name="notifications.poll_mailbox", ignore_result=True)
def poll_mailbox() -> dict:
    """Every 2 minutes: unseen mail of the shared mailbox into tickets and the inbox (off without
    INBOUND_IMAP_URL)."""
    from . import imap

    return imap.mailbox_poll()
