"""The one door for changes to a process (Vorgang). Every write here is one transaction that also
writes the ticket's timeline (TicketEvent kind PROCESS) and mirrors the next deadline into the ticket.

    start(template_code, *, actor, ticket=None, reporter_party=None, parties=None, data=None,
          prop=None, unit=None, description="", channel="") -> Process
        Without `ticket`, one is created through tickets.services.ticket_create with the template's
        catalog item (so it is routed to the responsible team and appears in the queue); the place is
        `unit`/`prop`, else the reporter's current home. `parties` maps a role to a Party, a staff user,
        a Contractor, or a list of them ({"tenant": anna, "co_tenant": [ben]}); the reporter gets no role
        by itself. The first step becomes active.
    complete(process, step_code, *, actor, outcome="", data=None, version=None) -> ProcessStep
        Finish the active step `step_code`. Refused: a step that is not active (StepNotActive), an actor
        whose role does not act in it (StepNotAllowed), an outcome the step does not know
        (OutcomeRequired), a step with a form of its own without that form's data (processes.own_forms),
        a stale `version` (StaleProcess, a tickets.errors.StaleTicket). `data` is
        kept with the step and merged into `process.data`. The outcome's target step (or "end") comes
        next, else the next step by position. A consent step that several parties of its role must
        give: "agreed" waits for all of them, any other outcome ends the step at once.
    skip(process, step_code, *, actor, reason="", version=None) -> ProcessStep      optional steps only
    update_data(process, *, actor, data, version=None) -> Process     correct a date; deadline follows
    add_party(process, *, actor, role, party=None, user=None, contractor=None) -> ProcessParty
    cancel(process, *, actor, reason, version=None) -> Process
    wake_due_waits(now=None) -> int     Celery beat: ends the wait steps whose date has come

`actor` is a tickets.actors.Actor (Actor.for_user(request.user), Actor.for_party(party) behind a link,
Actor.system() in tasks). What each role may see and do is processes.access.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from estate.models import Contractor, Party, Tenancy
from tickets.actors import Actor
from tickets.models import Channel, Ticket
from tickets.services import ticket_create

from . import access, own_forms
from .deadlines import step_due_at
from .errors import (
    OutcomeRequired,
    ProcessEnded,
    ProcessNotStartable,
    StaleProcess,
    StepNotActive,
    StepNotAllowed,
)
from .models import Process, ProcessParty, ProcessStep, ProcessTemplate, Role, StepKind
from .signals import step_completed
from .steps import activate, finish, mirror_deadline, next_template
from .timeline import forget_reporter_roles, record_process


@transaction.atomic
def start(
    template_code: str,
    *,
    actor: Actor,
    ticket: Ticket | None = None,
    reporter_party: Party | None = None,
    parties: dict | None = None,
    data: dict | None = None,
    prop=None,
    unit=None,
    description: str = "",
    channel: str = "",
    now: dt.datetime | None = None,
) -> Process:
    now = now or timezone.now()
    template = ProcessTemplate.objects.filter(code=template_code, is_active=True).first()
    if template is None:
        raise ProcessNotStartable()
    if actor.kind == "resident" and not template.tenant_may_start:
        raise StepNotAllowed()
    new_ticket = ticket is None
    if new_ticket:
        ticket = _new_ticket(
            template,
            actor=actor,
            reporter=reporter_party,
            prop=prop,
            unit=unit,
            description=description,
            channel=channel,
        )
    elif Process.objects.filter(ticket=ticket).exists():
        raise ProcessNotStartable()
    process = Process.objects.create(ticket=ticket, template=template, data=dict(data or {}))
    for role, who in (parties or {}).items():
        for one in who if isinstance(who, list | tuple) else [who]:
            _add_party(process, role=role, who=one)
    steps = list(template.steps.all())
    if not steps:
        raise ProcessNotStartable()
    ProcessStep.objects.bulk_create([ProcessStep(process=process, template=step) for step in steps])
    record_process(
        process,
        action="process_started",
        actor=actor,
        by_tenant=actor.kind == "resident",
        new_ticket=new_ticket,
    )
    activate(process, steps[0], actor=actor, now=now)
    _save(process)
    mirror_deadline(process)
    return process


def _new_ticket(template, *, actor, reporter, prop, unit, description, channel) -> Ticket:
    if template.catalog_item is None:
        raise ProcessNotStartable()
    if unit is None and prop is None and reporter is not None:
        tenancy = Tenancy.objects.current().filter(party=reporter).select_related("unit__building").first()
        unit = tenancy.unit if tenancy else None
    if prop is None and unit is not None:
        prop = unit.building.property
    if prop is None:
        raise ProcessNotStartable()
    default_channel = Channel.PORTAL if actor.kind == "resident" else Channel.STAFF
    return ticket_create(
        actor=actor,
        item=template.catalog_item,
        prop=prop,
        unit=unit,
        reporter=reporter,
        description=description or template.name_de,
        channel=channel or default_channel,
        process=template.code,
    )


def _add_party(process: Process, *, role: str, who) -> tuple[ProcessParty, bool]:
    if isinstance(who, Party):
        lookup = {"party": who}
    elif isinstance(who, Contractor):
        lookup = {"contractor": who}
    else:
        lookup = {"user": who}
    forget_reporter_roles(process)
    process.__dict__.pop("_roles_by_user", None)
    return ProcessParty.objects.get_or_create(process=process, role=role, **lookup)


def _lock(process: Process, version: int | None) -> None:
    """Lock the process row, refuse a stale version, and bring the caller's object up to date."""
    fresh = Process.objects.select_for_update().filter(pk=process.pk).values("version", "state", "data").get()
    if version is not None and fresh["version"] != version:
        raise StaleProcess()
    if fresh["version"] != process.version:
        process.refresh_from_db()
    if process.state not in (Process.State.RUNNING, Process.State.WAITING):
        raise ProcessEnded()


def _save(process: Process) -> None:
    process.version += 1
    process.save()


def _active_step(process: Process, step_code: str) -> ProcessStep:
    step = (
        process.steps.filter(state=ProcessStep.State.ACTIVE, template__code=step_code)
        .select_related("template")
        .first()
    )
    if step is None:
        raise StepNotActive()
    return step


@transaction.atomic
def complete(
    process: Process,
    step_code: str,
    *,
    actor: Actor,
    outcome: str = "",
    data: dict | None = None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> ProcessStep:
    now = now or timezone.now()
    _lock(process, version)
    step = _active_step(process, step_code)
    template = step.template
    roles = access.roles_of_actor(process, actor)
    if not access.roles_may_act(roles, step):
        raise StepNotAllowed()
    if template.outcomes and outcome not in template.outcomes:
        raise OutcomeRequired()
    data = dict(data or {})
    own_forms.check(process, step, data)  # a step with a form of its own is not ended without its data
    step.data = {**(step.data or {}), **data}
    process.data = {**(process.data or {}), **data}
    if _waits_for_others(process, step, actor=actor, outcome=outcome):
        step.save()
        record_process(process, action="step_answered", actor=actor, step=step, outcome=outcome)
        _save(process)
        return step
    step.state = ProcessStep.State.DONE
    step.done_at = now
    step.done_by = actor.user if actor.user is not None and actor.user.pk else None
    step.done_by_party = actor.party
    step.outcome = outcome
    step.save()
    record_process(process, action="step_done", actor=actor, step=step, outcome=outcome)
    step_completed.send(sender=ProcessStep, process=process, step=step, actor=actor)
    _move_on(process, step, actor=actor, now=now)
    return step


def _waits_for_others(process: Process, step: ProcessStep, *, actor: Actor, outcome: str) -> bool:
    """A consent that several parties give (every co-tenant): each answer is kept; "agreed" waits for
    the others, any other answer decides the step."""
    template = step.template
    if template.kind != StepKind.CONSENT or template.actor not in Role.residents() or actor.party is None:
        return False
    answers = dict(step.data.get("answers") or {})
    answers[str(actor.party.pk)] = outcome
    step.data["answers"] = answers
    if outcome != "agreed":
        return False
    givers = ProcessParty.objects.filter(process=process, role=template.actor, party__isnull=False)
    return any(
        answers.get(str(party_id)) != "agreed" for party_id in givers.values_list("party_id", flat=True)
    )


def _move_on(process: Process, step: ProcessStep, *, actor: Actor, now: dt.datetime) -> None:
    following = next_template(process, step.template, step.outcome)
    if following is None:
        finish(process, state=Process.State.DONE, actor=actor, now=now, outcome=step.outcome)
    else:
        activate(process, following, actor=actor, now=now)
    _save(process)
    mirror_deadline(process)


@transaction.atomic
def skip(
    process: Process, step_code: str, *, actor: Actor, reason: str = "", version: int | None = None
) -> ProcessStep:
    """Leave out an optional step (no mediation wanted): staff only."""
    now = timezone.now()
    _lock(process, version)
    step = _active_step(process, step_code)
    if not step.template.is_optional or not _is_staff(process, actor):
        raise StepNotAllowed()
    step.state = ProcessStep.State.SKIPPED
    step.done_at = now
    step.done_by = actor.user if actor.user is not None and actor.user.pk else None
    step.save()
    record_process(process, action="step_skipped", actor=actor, step=step, reason=reason.strip())
    _move_on(process, step, actor=actor, now=now)
    return step


def _is_staff(process: Process, actor: Actor) -> bool:
    roles = access.roles_of_actor(process, actor)
    return bool(roles & {Role.CASE_WORKER, Role.SYSTEM})


@transaction.atomic
def update_data(process: Process, *, actor: Actor, data: dict, version: int | None = None) -> Process:
    """Correct the facts (a later move-out date): staff only; the active step's deadline follows."""
    _lock(process, version)
    if not _is_staff(process, actor):
        raise StepNotAllowed()
    process.data = {**(process.data or {}), **data}
    step = process.current_step
    if step is not None:
        step.due_at = step_due_at(process, step.template, started=step.started_at or timezone.now())
        step.save(update_fields=["due_at"])
        process.next_deadline = step.due_at
    record_process(process, action="data_changed", actor=actor, fields=sorted(data))
    _save(process)
    mirror_deadline(process)
    return process


@transaction.atomic
def add_party(
    process: Process, *, actor: Actor, role: str, party=None, user=None, contractor=None
) -> ProcessParty:
    """Name someone in a role (the accused of a nuisance case, an inspector): staff only."""
    if not _is_staff(process, actor) or role not in Role.values:
        raise StepNotAllowed()
    who = party or user or contractor
    if who is None:
        raise StepNotAllowed()
    row, created = _add_party(process, role=role, who=who)
    if created:
        record_process(process, action="party_added", actor=actor, role=role, party=party)
    return row


@transaction.atomic
def cancel(process: Process, *, actor: Actor, reason: str, version: int | None = None) -> Process:
    """Abbrechen: staff end a process before its last step (withdrawn, settled otherwise); its ticket
    is closed with the reason."""
    _lock(process, version)
    if not _is_staff(process, actor):
        raise StepNotAllowed()
    finish(process, state=Process.State.CANCELLED, actor=actor, now=timezone.now(), reason=reason.strip())
    _save(process)
    return process


def wake_due_waits(*, now: dt.datetime | None = None, batch_size: int = 200) -> int:
    """The scheduled check: every wait step whose date has come ends, and the process moves on."""
    now = now or timezone.now()
    woken = 0
    due = ProcessStep.objects.filter(
        state=ProcessStep.State.ACTIVE, template__kind=StepKind.WAIT, due_at__lte=now
    ).values_list("process_id", "template__code")[:batch_size]
    for process_id, code in list(due):
        process = Process.objects.select_related(
            "ticket__property", "template", "current_step__template"
        ).get(pk=process_id)
        try:
            complete(process, code, actor=Actor.system(), now=now)
        except (StepNotActive, ProcessEnded):
            continue  # another run was first
        woken += 1
    return woken
