"""Celery tasks of Zusatzleistungen."""

from celery import shared_task

from .booking import end_due_subscriptions


@shared_task(name="subscriptions.end_due")
def end_due() -> int:
    """Daily: agreements whose last day has passed are ended, so the ERP reads the change."""
    return end_due_subscriptions()
