"""Scheduled payment work. Safe to run twice: each reminder is counted under a row lock."""

from celery import shared_task

from . import plan_reminders, reminders


@shared_task(name="payments.send_reminders")
def send_reminders() -> int:
    """Beat runs this every morning: open payment requests past their due date remind the tenant."""
    return reminders.send_reminders()


@shared_task(name="payments.check_instalments")
def check_instalments() -> tuple[int, int]:
    """Beat runs this every morning: instalments past due and grace become late and remind the tenant;
    still late later, the case worker is told (payments.plan_reminders)."""
    return plan_reminders.check_instalments()
