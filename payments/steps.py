"""The behaviour of the money processes' steps: whichever page or task moves the process through
processes.engine, the payment request and the payment method change follow (connected at start-up)."""

from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed

from . import methods, plans, requests


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    code = (process.template.code, step.template.code)
    if code == (requests.TEMPLATE, requests.STEP):
        requests.on_payment_step(process=process, step=step, actor=actor)
    elif code == (methods.TEMPLATE, methods.APPROVAL):
        methods.on_approval_step(process=process, step=step, actor=actor)
    elif code == (plans.TEMPLATE, plans.DECISION):
        plans.on_decision(process=process, step=step, actor=actor)
    elif code == (plans.TEMPLATE, plans.COUNTER):
        plans.on_counter_answer(process=process, step=step, actor=actor)
    elif code == (plans.TEMPLATE, plans.SCHEDULE):
        plans.on_schedule_end(process=process, step=step, actor=actor)


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state != Process.State.CANCELLED:
        return
    if process.template.code == requests.TEMPLATE:
        requests.on_process_cancelled(process=process, actor=actor)
    elif process.template.code == methods.TEMPLATE:
        methods.on_process_cancelled(process=process)
    elif process.template.code == plans.TEMPLATE:
        plans.on_process_cancelled(process=process, actor=actor)


def connect() -> None:
    step_completed.connect(on_step_completed, dispatch_uid="payments.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="payments.process_ended")
