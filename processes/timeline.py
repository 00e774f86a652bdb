"""Every change of a process is one row in its ticket's timeline (TicketEvent kind PROCESS). The row
carries the names in German, English and Dutch, so tickets.event_text shows it without loading the
process; it is public (the reporter reads it in the portal) only where the reporter's role sees it."""

from django.utils import translation

from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.timeline import record

from .models import Process, ProcessParty, ProcessStep, Role, outcome_label

LANGUAGES = ("de", "en", "nl")


def reporter_roles(process: Process) -> set[str]:
    """The roles of the ticket's reporter in the process: what the ticket's public timeline may show."""
    if not process.ticket.reporter_id:
        return set()
    cache = process.__dict__.setdefault("_reporter_roles", None)
    if cache is None:
        rows = ProcessParty.objects.filter(process=process, party_id=process.ticket.reporter_id)
        cache = process.__dict__["_reporter_roles"] = set(rows.values_list("role", flat=True))
    return cache


def forget_reporter_roles(process: Process) -> None:
    process.__dict__.pop("_reporter_roles", None)


def _names(label) -> dict:
    names = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            names[lang] = str(label())
    return names


def outcome_names(code: str) -> dict:
    return _names(lambda: outcome_label(code))


def record_process(
    process: Process, *, action: str, actor: Actor, step: ProcessStep | None = None, **data
) -> TicketEvent:
    """One timeline row for a process change. `action`: process_started, process_done,
    process_cancelled, step_started, step_done, step_skipped, step_answered, party_added, data_changed."""
    public_roles = reporter_roles(process)
    if step is not None:
        template = step.template
        seen_by = set(template.visible_to or []) | {template.actor}
        is_public = bool(public_roles & seen_by)
        data |= {"step": template.code, "step_name": template.names(), "step_id": step.pk}
        if step.due_at and action == "step_started":
            data["due_at"] = step.due_at.isoformat()
    else:
        is_public = bool(public_roles) and action.startswith("process_")
    if data.get("outcome"):
        data["outcome_name"] = outcome_names(data["outcome"])
    party = data.pop("party", None)  # the role reads as this person's salutation gives it (Mitmieterin)
    if data.get("role") in Role.values:
        data["role_name"] = _names(lambda: Role.person_label(data["role"], party, process.template.code))
    return record(
        process.ticket,
        kind=TicketEvent.Kind.PROCESS,
        actor=actor,
        is_public=is_public,
        action=action,
        process_id=process.pk,
        process_name=process.template.names(),
        **data,
    )
