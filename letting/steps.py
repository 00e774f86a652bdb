"""The behaviour of the letting process's steps: whichever page moves the process through processes.engine,
the letting follows (connected at start-up)."""

from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed

from . import services
from .standard import COUNTERSIGNATURE, TEMPLATE, TENANT_SIGNATURE


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    if process.template.code != TEMPLATE:
        return
    if step.template.code == TENANT_SIGNATURE:
        services.on_tenant_signature_step(process=process, step=step, actor=actor)
    elif step.template.code == COUNTERSIGNATURE:
        services.on_countersignature_step(process=process, step=step, actor=actor)


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state == Process.State.CANCELLED and process.template.code == TEMPLATE:
        services.on_process_cancelled(process=process)


def connect() -> None:
    step_completed.connect(on_step_completed, dispatch_uid="letting.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="letting.process_ended")
