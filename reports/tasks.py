"""Scheduled report work. Safe to run twice: the monthly report is sent once per month and report."""

from celery import shared_task

from . import monthly


@shared_task(name="reports.send_monthly_reports")
def send_monthly_reports() -> int:
    """Beat runs this every morning; it sends only on the first working day of a month."""
    return monthly.send_monthly_reports()
