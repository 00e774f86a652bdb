"""Scheduled payment work. Safe to run twice: each reminder is counted under a row lock."""

from celery import shared_task

from . import reminders


@shared_task(name="payments.send_reminders")
def send_reminders() -> int:
    """Beat runs this every morning: open payment requests past their due date remind the tenant."""
    return reminders.send_reminders()
