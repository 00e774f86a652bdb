"""Celery tasks for webhooks. Each takes ids or nothing, calls one service, and is safe to run twice."""

from celery import shared_task

from . import deliveries


@shared_task(name="api.deliver_webhook", ignore_result=True)
def deliver(delivery_id: int) -> bool:
    return deliveries.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.sweep_webhooks", ignore_result=True)
def sweep() -> int:
    """Every minute: what is due again (a retry, a broker that was down, a worker that died), one task
    per delivery, so a slow receiver holds up only its own."""
    due = deliveries.webhook_sweep()
    deliveries.enqueue(*due)
    return len(due)
