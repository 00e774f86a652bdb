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


@resident_required
def process_detail(request: HttpRequest, reference: str) -> HttpResponse:
    if "\x00" in reference:  # a NUL byte the database cannot even compare: no such process
        raise Http404
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
    for step in steps:
        step.books_inspection = step.template.code in booking
        step.is_mine = step.state == ProcessStep.State.ACTIVE and step.template.actor in roles
        # Whose turn it is when not theirs: the company's, or another resident's (a co-tenant's consent).
        step.is_ours = step.template.actor not in Role.residents()
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
