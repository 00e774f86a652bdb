"""Scheduled ticket work. Tasks take ids or nothing, call one service, and are safe to run twice."""

from celery import shared_task

from . import overdue


@shared_task(name="tickets.mark_overdue")
def mark_overdue() -> int:
    """Beat runs this every few minutes; it returns how many tickets became overdue."""
    return overdue.mark_overdue_tickets()
