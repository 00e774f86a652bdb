"""Termin für die Wohnungsabnahme: the tenant picks one of the times staff offered for the active
appointment step of their process (pre-inspection, final inspection), sees the booked time, and later
the signed protocol. Who may see and book is processes.access; the booking is processes.inspections."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from processes import access, inspections
from processes.inspection_models import Inspection
from processes.models import Process, ProcessStep, StepKind
from tickets import ical
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import resident_required


def _process_or_404(request: HttpRequest, reference: str) -> Process:
    process = access.process_seen_by(reference, request.user)
    if process is None:
        raise Http404
    return process


def _page(request: HttpRequest, process: Process, *, error: str = "", status: int = 200) -> HttpResponse:
    roles = access.roles_of(process, request.user)
    rows = []
    for step in access.visible_steps(process, request.user):
        if step.template.kind != StepKind.APPOINTMENT:
            continue
        active = step.state == ProcessStep.State.ACTIVE
        rows.append(
            {
                "step": step,
                "place": inspections.place_of(process, step.template.code),
                "booked": inspections.booked_slot(process, step.template.code),
                "may_book": active and process.is_running and access.roles_may_act(roles, step),
                "free": inspections.free_slots(process, step.template.code) if active else [],
            }
        )
    protocols = Inspection.objects.filter(process=process, document__isnull=False).select_related(
        "document", "step__template"
    )
    context = {
        "process": process,
        "rows": rows,
        "protocols": [p for p in protocols if access.roles_may_see(roles, p.step)],
        "error": error,
    }
    return render(request, "portal/inspections/booking.html", context, status=status)


@resident_required
def booking_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _process_or_404(request, reference))


@require_POST
@resident_required
def booking_book(request: HttpRequest, reference: str) -> HttpResponse:
    process = _process_or_404(request, reference)
    slot_id = request.POST.get("slot", "")
    if not slot_id.isdigit():
        return _page(request, process, error=_("Bitte wählen Sie einen der freien Termine."), status=400)
    try:
        slot = inspections.slot_book(process, slot_id=int(slot_id), actor=Actor.for_user(request.user))
    except TicketError as error:
        process = _process_or_404(request, reference)
        return _page(request, process, error=str(error.message), status=409)
    messages.success(
        request,
        _("Ihr Termin ist gebucht: %(when)s. Sie erhalten eine Bestätigung per E-Mail.")
        % {"when": inspections.when_text(slot)},
    )
    return HttpResponseRedirect(reverse("portal:inspection_booking", args=[reference]))


@resident_required
def booking_ics(request: HttpRequest, reference: str, slot_id: int) -> HttpResponse:
    """The booked time as an iCalendar file for the tenant's own calendar app: only a time booked for
    an appointment step this person may see."""
    process = _process_or_404(request, reference)
    visible = {step.template.code: step for step in access.visible_steps(process, request.user)}
    slot = inspections.booked_slot_by_id(process, slot_id)
    if slot is None or slot.step_code not in visible:
        raise Http404
    following = inspections.inspection_after(process, slot.step_code)
    place = inspections.place_of(process, slot.step_code)
    title = following.label if following else visible[slot.step_code].template.label
    inspector = slot.inspector.get_full_name() or str(slot.inspector)
    event = ical.Event(
        uid=f"inspection-slot-{slot.pk}@{request.get_host().split(':')[0]}",
        summary=f"{title}: {place.text}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        location=place.location,
        url=request.build_absolute_uri(reverse("portal:inspection_booking", args=[reference])),
        description=_(
            "Die Abnahme macht %(name)s. Bitte seien Sie anwesend und halten Sie alle Schlüssel bereit."
        )
        % {"name": inspector},
    )
    response = HttpResponse(
        ical.calendar_bytes([event], product="Mieterportal"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="termin-{reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("vorgaenge/<ref:reference>/termine/", booking_page, name="inspection_booking"),
    path("vorgaenge/<ref:reference>/termine/buchen/", booking_book, name="inspection_book"),
    path("vorgaenge/<ref:reference>/termine/<int:slot_id>.ics", booking_ics, name="inspection_ics"),
]
