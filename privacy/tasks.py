"""Celery tasks for privacy. Each takes ids or nothing, calls one service, and is safe to run twice."""

from celery import shared_task

from . import anonymise, exports


@shared_task(name="privacy.build_export", ignore_result=True)
def build_export(export_id: int) -> bool:
    return exports.export_build(export_id=export_id)


@shared_task(name="privacy.sweep_exports", ignore_result=True)
def sweep_exports() -> dict:
    return exports.exports_sweep()


@shared_task(name="privacy.anonymise_due", ignore_result=True)
def anonymise_due() -> dict:
    """Nightly: anonymise what the active retention rules let go."""
    return anonymise.anonymise_due(triggered_by="nightly").counts
