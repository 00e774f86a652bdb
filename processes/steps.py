"""How a process moves from step to step (inside processes.engine's transaction): a step becomes
active with its deadline, the process ends, and the process's next deadline is mirrored into its ticket
so the queue's due sort, overdue flags and filters work for processes unchanged."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tickets import workflow
from tickets.actors import Actor
from tickets.models import Ticket
from tickets.overdue import overdue_refresh
from tickets.status import Status

from .deadlines import step_due_at
from .models import Process, ProcessStep, StepKind, StepTemplate
from .signals import process_ended, step_started
from .timeline import record_process


def next_template(process: Process, step: StepTemplate, outcome: str) -> StepTemplate | None:
    """Where the process goes after `step` ended with `outcome`: the outcome's target, else the next
    step by position; None ends the process."""
    templates = list(process.template.steps.all())
    if step.outcomes and outcome in step.outcomes:
        target = step.outcomes[outcome]
        if not target or target == "end":
            return None
        return next((t for t in templates if t.code == target), None)
    later = [t for t in templates if (t.position, t.pk) > (step.position, step.pk)]
    return later[0] if later else None


def activate(process: Process, template: StepTemplate, *, actor: Actor, now: dt.datetime) -> ProcessStep:
    """Make `template` the process's active step: its pending row (made at the start), or a new row when
    the step is entered again (an escalation back to an earlier stage)."""
    step = process.steps.filter(template=template, state=ProcessStep.State.PENDING).first()
    if step is None:
        step = ProcessStep(process=process, template=template)
    step.template = template
    step.state = ProcessStep.State.ACTIVE
    step.started_at = now
    step.due_at = step_due_at(process, template, started=now)
    step.save()
    process.current_step = step
    process.state = Process.State.WAITING if template.kind == StepKind.WAIT else Process.State.RUNNING
    process.next_deadline = step.due_at
    record_process(process, action="step_started", actor=actor, step=step)
    step_started.send(sender=ProcessStep, process=process, step=step)
    return step


def finish(
    process: Process, *, state: str, actor: Actor, now: dt.datetime, outcome: str = "", reason: str = ""
):
    """End the process (done or cancelled): steps not reached are skipped, and its ticket is closed."""
    process.steps.filter(state__in=[ProcessStep.State.PENDING, ProcessStep.State.ACTIVE]).update(
        state=ProcessStep.State.SKIPPED
    )
    process.state = state
    process.current_step = None
    process.next_deadline = None
    process.ended_at = now
    process.outcome = outcome or process.outcome
    action = "process_done" if state == Process.State.DONE else "process_cancelled"
    record_process(process, action=action, actor=actor, outcome=process.outcome, reason=reason)
    ticket = process.ticket
    # The ticket may have had a reply since the process was loaded: close the ticket as it is now.
    ticket.refresh_from_db(fields=["version", "status", "status_reason", "closed_at"])
    to = Status.DONE if state == Process.State.DONE else Status.REJECTED
    closer = actor if actor.is_staff or actor.kind == "system" else Actor.system()
    if to in workflow.allowed_moves(ticket, closer):
        default_reason = str(process.template.label)
        workflow.change_status(ticket, to=to, actor=closer, reason=reason or default_reason)
    process_ended.send(sender=Process, process=process, actor=actor)


def ticket_due_at(process: Process) -> dt.datetime | None:
    """The ticket's due time while the process runs: the active step's deadline. A wait is due at the
    end of the day it ends, so the ticket is not flagged overdue in the minutes before the scheduled
    task moves the process on."""
    step = process.current_step
    if step is None or step.due_at is None:
        return None
    if step.template.kind == StepKind.WAIT:
        local = timezone.localtime(step.due_at)
        return local.replace(hour=settings.WORKING_HOURS[1], minute=0, second=0, microsecond=0)
    return step.due_at


def mirror_deadline(process: Process) -> None:
    if not process.is_running:
        return
    ticket = process.ticket
    due_at = ticket_due_at(process)
    if ticket.due_at != due_at:
        Ticket.objects.filter(pk=ticket.pk).update(due_at=due_at)
        ticket.due_at = due_at
    overdue_refresh(ticket)
