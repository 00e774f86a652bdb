"""The one door to what each party may see and do in a process. Every page, export and the engine ask
here. Nothing of a process is visible to a user without a role in it:

- residents hold the roles the process names them in (ProcessParty rows with their party): tenant,
  co-tenant, complainant, accused; they see a step whose `visible_to` lists one of their roles, or that
  they act in, and act in an active step whose actor is one of their roles;
- staff who may see the process's ticket (tickets' `visible_to`) hold the case-worker role: they see every
  step and act in every step but a resident's consent (they enter what a tenant says by phone, do
  the inspector's work, end a wait early);
  staff named in a role (an inspector from another team) hold that role as well;
- the system (Celery, the engine itself) may act in every step.

    roles_of(process, user) -> set[str]
    may_see_process(process, user) -> bool
    process_seen_by(reference, user, *, template=None) -> Process | None  # None: the page says 404
    may_see_step(process, step, user) -> bool          # step: ProcessStep or StepTemplate
    may_act(process, step, user) -> bool               # the step must be active too
    processes_for(user) -> QuerySet[Process]
    visible_steps(process, user) -> list[ProcessStep]
    roles_of_actor(process, actor) -> set[str]         # for a tickets.actors.Actor (links, tasks)
    tenants_of(process) -> list[Party]                 # the tenant and co-tenants named in the process
    may_rate(ticket, party, has_process=None) -> bool  # the Bewertung of a repair (not of a process)
"""

from django.db.models import Exists, OuterRef, Q

from estate.models import Party
from tickets.actors import Actor
from tickets.models import Ticket

from .models import Process, ProcessParty, ProcessStep, Role, StepKind, StepTemplate


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def roles_of(process: Process, user) -> set[str]:
    """The roles `user` holds in `process`; kept on the process object for the rest of the request."""
    if not _is_signed_in(user):
        return set()
    cache = process.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        cache[user.pk] = _roles(process, user)
    return cache[user.pk]


def _roles(process: Process, user) -> set[str]:
    if user.is_staff:
        roles = set(ProcessParty.objects.filter(process=process, user=user).values_list("role", flat=True))
        if Ticket.objects.visible_to(user).filter(pk=process.ticket_id).exists():
            roles.add(Role.CASE_WORKER)
        return roles
    party = getattr(user, "party", None)
    if party is None:
        return set()
    return set(ProcessParty.objects.filter(process=process, party=party).values_list("role", flat=True))


def roles_of_actor(process: Process, actor: Actor) -> set[str]:
    """The roles of whoever acts: a signed-in user, a party through a link, a contractor, the system."""
    if actor.kind == "system":
        return {Role.SYSTEM}
    if actor.user is not None and actor.user.pk:
        return roles_of(process, actor.user)
    if actor.kind == "staff":  # the company's own system through the API acts for the staff
        return {Role.CASE_WORKER}
    if actor.kind == "contractor" and actor.contractor is not None:
        rows = ProcessParty.objects.filter(process=process, contractor=actor.contractor)
        return set(rows.values_list("role", flat=True))
    if actor.party is not None:
        rows = ProcessParty.objects.filter(process=process, party=actor.party)
        return set(rows.values_list("role", flat=True))
    return set()


def tenants_of(process: Process) -> list[Party]:
    """The parties named tenant or co-tenant in the process (who get its letters, sign its protocols)."""
    rows = ProcessParty.objects.filter(
        process=process, role__in=[Role.TENANT, Role.CO_TENANT], party__isnull=False
    ).select_related("party")
    return [row.party for row in rows.order_by("role", "pk")]


def _template(step: ProcessStep | StepTemplate) -> StepTemplate:
    return step.template if isinstance(step, ProcessStep) else step


def roles_may_see(roles: set[str], step: ProcessStep | StepTemplate) -> bool:
    if Role.CASE_WORKER in roles or Role.SYSTEM in roles:
        return True
    template = _template(step)
    return bool(roles & (set(template.visible_to or []) | {template.actor}))


def roles_may_act(roles: set[str], step: ProcessStep | StepTemplate) -> bool:
    template = _template(step)
    if template.actor in roles or Role.SYSTEM in roles:
        return True
    # Staff on the case do the staff work (a small company's case worker inspects the flat herself), do
    # by hand what the system would (end a wait early), and enter what a resident tells them by phone or
    # letter; only a resident's consent is theirs alone to give.
    if Role.CASE_WORKER not in roles:
        return False
    return not (template.kind == StepKind.CONSENT and template.actor in Role.residents())


def may_see_process(process: Process, user) -> bool:
    return bool(roles_of(process, user))


def process_seen_by(reference: str, user, *, template: str | None = None) -> Process | None:
    """The process of ticket `reference` (of `template` if given; with its template, current step, the
    ticket's property, unit, building and assignee) if `user` holds a role in it; None otherwise, so a
    page answers 404 alike for missing and hidden."""
    if "\x00" in reference:  # a NUL byte the database cannot even compare: no such process
        return None
    found = Process.objects.select_related(
        "template", "current_step__template", "ticket__property", "ticket__unit__building", "ticket__assignee"
    ).filter(ticket__reference=reference)
    if template is not None:
        found = found.filter(template__code=template)
    process = found.first()
    return process if process is not None and may_see_process(process, user) else None


def may_see_step(process: Process, step: ProcessStep | StepTemplate, user) -> bool:
    return roles_may_see(roles_of(process, user), step)


def may_act(process: Process, step: ProcessStep, user) -> bool:
    """Whether `user` may complete `step` now: the process runs, the step is active, and one of the
    user's roles acts in it."""
    if not process.is_running or step.state != ProcessStep.State.ACTIVE:
        return False
    return roles_may_act(roles_of(process, user), step)


# Roles that hear of a step only once it is reached: the accused of a nuisance case is not shown
# "Abmahnung" and "Rechtliche Schritte" as what follows before anyone has even talked to them.
ONLY_REACHED_STEPS = {Role.ACCUSED}


def visible_steps(process: Process, user) -> list[ProcessStep]:
    """The process's steps this user may see, in order (one query, or none with steps prefetched)."""
    roles = roles_of(process, user)
    if not roles:
        return []
    steps = process.steps.all()
    if "steps" not in getattr(process, "_prefetched_objects_cache", {}):
        steps = steps.select_related("template", "done_by", "done_by_party")
    reached_only = roles <= ONLY_REACHED_STEPS
    return [
        step
        for step in steps
        if roles_may_see(roles, step)
        and not (reached_only and step.state in (ProcessStep.State.PENDING, ProcessStep.State.SKIPPED))
    ]


def processes_for(user):
    """Every process `user` may see: residents those they hold a role in, staff those of the tickets
    they may see and those they are named in."""
    if not _is_signed_in(user):
        return Process.objects.none()
    if user.is_staff:
        named = Exists(ProcessParty.objects.filter(process=OuterRef("pk"), user=user))
        if user.is_superuser:
            return Process.objects.all()
        return Process.objects.filter(Q(ticket__in=Ticket.objects.visible_to(user).values("pk")) | Q(named))
    party = getattr(user, "party", None)
    if party is None:
        return Process.objects.none()
    return Process.objects.filter(Exists(ProcessParty.objects.filter(process=OuterRef("pk"), party=party)))


def may_rate(ticket: Ticket, party: Party | None, has_process: bool | None = None) -> bool:
    """Whether `party` may rate `ticket` (Bewertung): a rating asks how a repair went, so only its
    reporter rates, only once it is done, and never a ticket that carries a process (a nuisance case, a
    contract, a payment, a template an admin made): a Vorgang is no repair. The done mail's link, the
    ticket page's rating box and the rating page all ask here; `has_process` where the caller knows."""
    from tickets.status import Status

    if party is None or ticket.reporter_id != party.pk or ticket.status != Status.DONE:
        return False
    if has_process is None:
        has_process = Process.objects.filter(ticket_id=ticket.pk).exists()
    return not has_process
