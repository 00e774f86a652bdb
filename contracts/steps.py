"""The behaviour of the contract change processes' steps: whichever page or task moves the process
through processes.engine (or decides its change request on the Freigaben page), the change follows
(connected at start-up)."""

from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed
from tickets.signals import change_request_decided

from . import decisions, standard

TEMPLATES = standard.CODES


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    if process.template.code in TEMPLATES and step.template.code == standard.APPROVAL:
        decisions.on_approval_step(process=process, step=step, actor=actor)


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state == Process.State.CANCELLED and process.template.code in TEMPLATES:
        decisions.on_process_cancelled(process=process)


def connect() -> None:
    step_completed.connect(on_step_completed, dispatch_uid="contracts.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="contracts.process_ended")
    change_request_decided.connect(
        decisions.on_change_request_decided, dispatch_uid="contracts.change_request"
    )
