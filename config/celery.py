"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered from each app."""

import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

log = logging.getLogger(__name__)

app = Celery("mieterportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _restore_unfinished_messages(sender, **kwargs) -> None:
    """Embedded broker: tasks a killed worker had taken go back to their queue before this one consumes."""
    if app.conf.broker_transport != "config.broker:Transport":
        return
    from .broker import restore_unfinished

    restored = restore_unfinished(app.conf.broker_url)
    if restored:
        log.warning("Put %s task(s) back in the queue that a stopped worker had not finished", restored)
