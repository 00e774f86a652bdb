"""Scheduled process work. Tasks take ids or nothing, call one engine function, and are safe to run twice."""

from celery import shared_task

from . import engine


@shared_task(name="processes.wake_due_waits")
def wake_due_waits() -> int:
    """Beat runs this every few minutes: a process waiting for a date (the move-out day) moves on."""
    return engine.wake_due_waits()
