"""The behaviour of the Zusatzleistungen processes' steps: whichever page or task moves a booking or a
notice through processes.engine, the agreement follows (connected at start-up)."""

import datetime as dt

from processes import notice
from processes.access import tenants_of
from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed

from . import booking
from .standard import BOOKING, CANCELLATION, CONFIRMATION, CONFIRMED

TENANCY_NOTICE = notice.TEMPLATE  # the Kündigung of the home


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    if process.template.code in (BOOKING, CANCELLATION) and step.template.code == CONFIRMATION:
        booking.on_confirmation_step(process=process, step=step, actor=actor)
    elif (process.template.code, step.template.code, step.outcome) == (
        TENANCY_NOTICE,
        CONFIRMATION,
        CONFIRMED,
    ):
        # The Kündigung of the home is confirmed: a parking space or a garden care ends with the tenancy.
        last_day = dt.date.fromisoformat(process.data["move_out_date"])
        booking.end_with_tenancy(
            parties=tenants_of(process), prop=process.ticket.property, last_day=last_day, actor=actor
        )


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state == Process.State.CANCELLED and process.template.code in (BOOKING, CANCELLATION):
        booking.on_process_cancelled(process=process, actor=actor)


def connect() -> None:
    step_completed.connect(on_step_completed, dispatch_uid="subscriptions.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="subscriptions.process_ended")
