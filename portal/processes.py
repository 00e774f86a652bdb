"""Meine Vorgänge: the processes a resident has a role in (an end of tenancy, a complaint, a complaint
about them, a modification request), and each one's page with only the steps their role may see.
Everything comes through processes.access; a process they have no role in answers 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from processes import access
from processes.inspections import booking_codes
from processes.models import Process, ProcessParty, ProcessStep, Role

from .access import current_party, resident_required


@resident_required
def my_processes(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    roles = list(
        ProcessParty.objects.filter(party=party, process__in=access.processes_for(request.user))
        .select_related("process__template", "process__current_step__template", "process__ticket")
        .order_by("-process__started_at", "-id")[:100]
    )
    for row in roles:
        row.party = party  # the role reads as the person's salutation gives it (Mieterin), no query each
    return render(request, "portal/processes/list.html", {"roles": roles})


def _household_names(process: Process, roles: set[str]) -> dict[str, str]:
    """The names of the tenants and co-tenants of the process by role, for someone who is one of them
    (they share the contract and know each other); nobody else learns a name here (a complaint's
    accused never reads the complainant's)."""
    household = {Role.TENANT, Role.CO_TENANT}
    if not roles & household:
        return {}
    names: dict[str, list[str]] = {}
    for row in process.parties.filter(role__in=household, party__isnull=False).select_related("party"):
        names.setdefault(row.role, []).append(row.party.display_name)
    return {role: ", ".join(found) for role, found in names.items()}


@resident_required
def process_detail(request: HttpRequest, reference: str) -> HttpResponse:
    process = (
        Process.objects.select_related("template", "current_step__template", "ticket")
        .filter(ticket__reference=reference)
        .first()
    )
    if process is None or not access.may_see_process(process, request.user):
        raise Http404
    roles = access.roles_of(process, request.user)
    steps = access.visible_steps(process, request.user)
    booking = booking_codes(step.template for step in steps)
    waiting = {s.template.actor for s in steps if s.state == ProcessStep.State.ACTIVE} - roles
    waiting_for = _household_names(process, roles) if waiting & {Role.TENANT, Role.CO_TENANT} else {}
    for step in steps:
        step.books_inspection = step.template.code in booking
        step.is_mine = step.state == ProcessStep.State.ACTIVE and step.template.actor in roles
        # Whose turn it is when not theirs: the company's, or another resident's (a co-tenant's consent),
        # named where they share the contract, else by their role.
        step.is_ours = step.template.actor not in Role.residents()
        step.waiting_for = waiting_for.get(step.template.actor) or Role(step.template.actor).label
    current = process.current_step
    context = {
        "process": process,
        "roles": [
            Role.resident_label(value, current_party(request), process.template.code)
            for value in Role.values
            if value in roles
        ],
        "steps": steps,
        # The next step only where this person may see it: the accused learns nothing of the complaint.
        "current": current if current is not None and access.roles_may_see(roles, current) else None,
    }
    return render(request, "portal/processes/detail.html", context)
