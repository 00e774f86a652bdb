"""The beat's task of contract changes: the daily reminder of consents not yet given
(contracts.consent_links.reminders_send)."""

from celery import shared_task

from .consent_links import reminders_send


@shared_task(name="contracts.remind_consents")
def remind_consents() -> int:
    return reminders_send()
