"""The behaviour of the Zusatzleistungen processes' steps: whichever page or task moves a booking or a
notice through processes.engine, the agreement follows (connected at start-up)."""

from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed

from . import booking
from .standard import BOOKING, CANCELLATION, CONFIRMATION


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    if process.template.code in (BOOKING, CANCELLATION) and step.template.code == CONFIRMATION:
        booking.on_confirmation_step(process=process, step=step, actor=actor)


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state == Process.State.CANCELLED and process.template.code in (BOOKING, CANCELLATION):
        booking.on_process_cancelled(process=process, actor=actor)


def connect() -> None:
    step_completed.connect(on_step_completed, dispatch_uid="subscriptions.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="subscriptions.process_ended")
