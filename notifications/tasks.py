"""Celery tasks for messages. Each takes ids or nothing, calls one service, and is safe to run twice."""

from celery import shared_task

from . import digest, follow_ups, printing, rules, services


@shared_task(name="notifications.deliver", ignore_result=True)
def deliver(message_id: int) -> bool:
    return services.outbox_deliver(message_id=message_id)


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep() -> int:
    """Every minute: deliver what is still pending (the broker was down, a worker died, a retry is due)."""
    due = services.outbox_sweep()
    services.enqueue_delivery_batches(due)
    return len(due)


@shared_task(name="notifications.deliver_batch", ignore_result=True)
def deliver_batch(message_ids: list[int]) -> int:
    """Many e-mails in one task (the sweep, mass notices): each still claimed on its own, so a message
    that another task holds or already sent is skipped. Returns how many this task sent."""
    return sum(services.outbox_deliver(message_id=message_id) for message_id in message_ids)


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests() -> int:
    return digest.send_digests()


@shared_task(name="notifications.remind_follow_ups", ignore_result=True)
def remind_follow_ups() -> int:
    """Every morning, before the digest: owners hear of today's follow-ups."""
    return follow_ups.remind_follow_ups()


@shared_task(name="notifications.escalate_overdue", ignore_result=True)
def escalate_overdue() -> int:
    return rules.escalate_overdue()


@shared_task(name="notifications.poll_mailbox", ignore_result=True)
def poll_mailbox() -> dict:
    """Every 2 minutes: unseen mail of the shared mailbox into tickets and the inbox (off without
    INBOUND_IMAP_URL)."""
    from . import imap

    return imap.mailbox_poll()


# The print tasks run on the `print` queue (settings route notifications.tasks.print_*). A worker killed
# mid-batch leaves the message unacknowledged, so the broker gives it to the next worker, which renders the
# batch again from its fixed list of letters.
@shared_task(
    name="notifications.tasks.print_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def print_batch(batch_id: int) -> bool:
    return printing.print_batch_render(batch_id=batch_id)


@shared_task(
    name="notifications.tasks.print_nightly", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def print_nightly() -> int | None:
    """Every night: all pending letters into one batch for the post room."""
    batch = printing.print_batch_create()
    return batch.pk if batch else None


@shared_task(name="notifications.sweep_print_batches", ignore_result=True)
def sweep_print_batches() -> int:
    """Batches whose task was lost (broker down) or whose worker died go back to the print queue."""
    stale = printing.print_batches_stale()
    for batch_id in stale:
        printing.enqueue_render(batch_id)
    return len(stale)
