"""Begehungen in the back-office: the times offered for an appointment step (offer, withdraw, book for
the tenant by phone), the protocol on the inspector's phone (room by room, photos, meters and keys,
each form saved on its own so nothing is lost on a reload), the signatures on the spot, the PDF, and the
inspector's list of their inspections. Every rule is processes.inspections / processes.inspection_work."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalogs.models import CatalogItem
from processes import access, inspection_work, inspections, modification, signatures
from processes.inspection_models import Inspection, InspectionSlot
from processes.models import Process, Role
from processes.protocol import CONDITIONS, FIXERS, METERS, protocol_hash, render_pdf
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.uploads import UploadRefused, clean_image

from .access import staff_required
from .forms import StaffChoiceField, staff_users

DATETIME_INPUT = forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


class SlotForm(forms.Form):
    inspector = StaffChoiceField(label=gettext_lazy("Abnahme durch"), queryset=staff_users())
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Beginn"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT
    )
    minutes = forms.IntegerField(label=gettext_lazy("Dauer (Min.)"), min_value=15, max_value=480, initial=60)


def _process_or_404(request: HttpRequest, reference: str) -> Process:
    process = access.process_seen_by(reference, request.user)
    if process is None:
        raise Http404
    return process


def _back(request: HttpRequest, name: str, *args) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args))


# --- times --------------------------------------------------------------------------------------------


def _slots_page(request, process, step_code, *, form=None, error="", status=200) -> HttpResponse:
    step = inspections.appointment_step(process, step_code)
    if step is None:
        raise Http404
    roles = access.roles_of(process, request.user)
    current = process.current_step
    is_active = current is not None and current.template.code == step_code
    slots = InspectionSlot.objects.filter(process=process, step_code=step_code).select_related("inspector")
    context = {
        "process": process,
        "ticket": process.ticket,
        "place": inspections.place_of(process, step_code),
        "step": step,
        "slots": list(slots),
        "booked": inspections.booked_slot(process, step_code),
        "may_offer": process.is_running and Role.CASE_WORKER in roles,
        "may_book": is_active and access.roles_may_act(roles, current),
        "form": form or SlotForm(initial={"inspector": request.user.pk}),
        "now": timezone.now(),
        "error": error,
    }
    return render(request, "backoffice/inspections/slots.html", context, status=status)


@staff_required
def slots_page(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    return _slots_page(request, _process_or_404(request, reference), code)


@require_POST
@staff_required
def slot_offer(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    process = _process_or_404(request, reference)
    form = SlotForm(request.POST)
    if not form.is_valid():
        return _slots_page(request, process, code, form=form, status=400)
    data = form.cleaned_data
    try:
        inspections.slot_publish(
            process,
            actor=Actor.for_user(request.user),
            step_code=code,
            inspector=data["inspector"],
            starts_at=data["starts_at"],
            ends_at=data["starts_at"] + dt.timedelta(minutes=data["minutes"]),
        )
    except TicketError as error:
        return _slots_page(request, process, code, form=form, error=str(error.message), status=400)
    messages.success(request, _("Der Termin wird dem Mieter zur Auswahl angeboten."))
    return _back(request, "backoffice:inspection_slots", reference, code)


def _slot_or_404(process: Process, pk: int) -> InspectionSlot:
    slot = InspectionSlot.objects.filter(process=process, pk=pk).select_related("process").first()
    if slot is None:
        raise Http404
    return slot


@require_POST
@staff_required
def slot_withdraw(request: HttpRequest, reference: str, code: str, pk: int) -> HttpResponse:
    process = _process_or_404(request, reference)
    try:
        inspections.slot_withdraw(_slot_or_404(process, pk), actor=Actor.for_user(request.user))
    except TicketError as error:
        return _slots_page(request, process, code, error=str(error.message), status=409)
    messages.success(request, _("Der Termin ist zurückgezogen."))
    return _back(request, "backoffice:inspection_slots", reference, code)


@require_POST
@staff_required
def slot_book(request: HttpRequest, reference: str, code: str, pk: int) -> HttpResponse:
    """Booked for the tenant, who called: the same booking as in the portal."""
    process = _process_or_404(request, reference)
    slot = _slot_or_404(process, pk)
    try:
        inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_user(request.user))
    except TicketError as error:
        return _slots_page(
            request, _process_or_404(request, reference), code, error=str(error.message), status=409
        )
    messages.success(request, _("Termin gebucht: %(when)s") % {"when": inspections.when_text(slot)})
    return _back(request, "backoffice:inspection_slots", reference, code)


# --- the protocol -------------------------------------------------------------------------------------


def _inspection_or_404(request: HttpRequest, reference: str, code: str) -> Inspection:
    process = _process_or_404(request, reference)
    inspection = inspection_work.inspection_for(process, code)
    if inspection is None or not access.may_see_step(process, inspection.step, request.user):
        raise Http404
    return inspection


def _protocol_page(request, inspection: Inspection, *, error: str = "", status: int = 200) -> HttpResponse:
    process = inspection.process
    items = CatalogItem.objects.filter(active=True, group__category__kind="damage").select_related("group")
    place = inspections.place_of(process, inspection.step.template.code)
    context = {
        "process": process,
        "ticket": process.ticket,
        "place": place,
        "inspection": inspection,
        "step": inspection.step,
        "rooms": list(enumerate(inspection.protocol.get("rooms", []))),
        "meters": [(m, METERS.get(m["kind"], m["kind"])) for m in inspection.protocol.get("meters", [])],
        "keys": inspection.protocol.get("keys", []),
        "remarks": inspection.protocol.get("remarks", ""),
        "conditions": list(CONDITIONS.items()),
        "fixers": list(FIXERS.items()),
        "repair_items": [(i.code, i.staff_label or i.label) for i in items],
        "may_work": inspection_work.may_work(inspection, request.user),
        # At the end of a tenancy the inspector checks what tenants changed: kept or to be removed.
        "modifications": modification.open_records(place.unit)
        if place.unit is not None and process.template.code == "kuendigung"
        else [],
        "error": error,
    }
    return render(request, "backoffice/inspections/protocol.html", context, status=status)


@staff_required
def protocol_page(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    return _protocol_page(request, _inspection_or_404(request, reference, code))


def _refused(request, inspection, error: TicketError) -> HttpResponse:
    inspection.refresh_from_db()
    return _protocol_page(request, inspection, error=str(error.message), status=400)


@require_POST
@staff_required
def room_save(request: HttpRequest, reference: str, code: str, index: int) -> HttpResponse:
    inspection = _inspection_or_404(request, reference, code)
    rooms = inspection.protocol.get("rooms", [])
    if not 0 <= index < len(rooms):
        raise Http404
    items = []
    for n in range(len(rooms[index]["items"])):
        items.append(
            {
                field: request.POST.get(f"i{n}-{field}", "")
                for field in ("condition", "note", "fixer", "deadline", "item")
            }
        )
    actor = Actor.for_user(request.user)
    try:
        inspection_work.room_save(inspection, actor=actor, index=index, items=items)
        for n in range(len(items)):
            photo = request.FILES.get(f"i{n}-photo")
            if photo is not None:
                image = clean_image(photo)
                inspection_work.photo_add(inspection, actor=actor, room=index, item=n, image=image)
    except UploadRefused as refused:
        inspection.refresh_from_db()
        return _protocol_page(request, inspection, error=str(refused.message), status=400)
    except TicketError as error:
        return _refused(request, inspection, error)
    if request.headers.get("X-Autosave"):
        return HttpResponse(status=204)
    messages.success(request, _("%(room)s gespeichert.") % {"room": rooms[index]["name"]})
    url = reverse("backoffice:inspection", args=[reference, code])
    return HttpResponseRedirect(f"{url}#room-{index}")


@require_POST
@staff_required
def room_add(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    inspection = _inspection_or_404(request, reference, code)
    try:
        inspection_work.room_add(
            inspection, actor=Actor.for_user(request.user), name=request.POST.get("name", "")
        )
    except TicketError as error:
        return _refused(request, inspection, error)
    index = len(inspection.protocol["rooms"]) - 1
    url = reverse("backoffice:inspection", args=[reference, code])
    return HttpResponseRedirect(f"{url}#room-{index}")


def _count(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else (0 if value == "" else None)


@require_POST
@staff_required
def facts_save(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    inspection = _inspection_or_404(request, reference, code)
    meters = [
        {
            "kind": kind,
            "number": request.POST.get(f"m-{kind}-number", ""),
            "value": request.POST.get(f"m-{kind}-value", ""),
        }
        for kind in request.POST.getlist("meter")
    ]
    kinds, counts = request.POST.getlist("key_kind"), request.POST.getlist("key_count")
    keys = [{"kind": k, "count": _count(c)} for k, c in zip(kinds, counts, strict=False)]
    try:
        inspection_work.facts_save(
            inspection,
            actor=Actor.for_user(request.user),
            meters=meters,
            keys=keys,
            remarks=request.POST.get("remarks", ""),
        )
    except TicketError as error:
        return _refused(request, inspection, error)
    if request.headers.get("X-Autosave"):
        return HttpResponse(status=204)
    messages.success(request, _("Zähler und Schlüssel gespeichert."))
    url = reverse("backoffice:inspection", args=[reference, code])
    return HttpResponseRedirect(f"{url}#facts")


# --- signatures and the PDF ---------------------------------------------------------------------------


def _sign_page(request, inspection: Inspection, *, error: str = "", status: int = 200) -> HttpResponse:
    given = (
        {s.role: s for s in inspection_work.valid_signatures(inspection)}
        if not inspection.is_finished
        else {}
    )
    context = {
        "process": inspection.process,
        "ticket": inspection.process.ticket,
        "place": inspections.place_of(inspection.process, inspection.step.template.code),
        "inspection": inspection,
        "step": inspection.step,
        "hash": protocol_hash(inspection),
        "problems": inspection_work.problems(inspection),
        "tenants": access.tenants_of(inspection.process),
        "tenant_signature": given.get(Role.TENANT),
        "inspector_signature": given.get(Role.INSPECTOR),
        "may_work": inspection_work.may_work(inspection, request.user),
        "error": error,
    }
    return render(request, "backoffice/inspections/sign.html", context, status=status)


@staff_required
def sign_page(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    return _sign_page(request, _inspection_or_404(request, reference, code))


@require_POST
@staff_required
def sign(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    inspection = _inspection_or_404(request, reference, code)
    role = request.POST.get("role", "")
    party = None
    if role == Role.TENANT:
        party_id = request.POST.get("party", "")
        party = next((p for p in access.tenants_of(inspection.process) if str(p.pk) == party_id), None)
    try:
        inspection_work.protocol_sign(
            inspection,
            actor=Actor.for_user(request.user),
            role=role,
            party=party,
            seen_hash=request.POST.get("hash", ""),
            image_png=signatures.png_from_data_url(request.POST.get("image", "")),
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except TicketError as error:
        inspection.refresh_from_db()
        status = 409 if isinstance(error, inspection_work.ProtocolChanged) else 400
        return _sign_page(request, inspection, error=str(error.message), status=status)
    inspection.refresh_from_db()
    if inspection.is_finished:
        messages.success(
            request,
            _("Beide haben unterschrieben. Das Protokoll ist gespeichert und an den Mieter versandt."),
        )
    else:
        messages.success(request, _("Unterschrift gespeichert."))
    return _back(request, "backoffice:inspection_sign", reference, code)


@staff_required
def protocol_pdf(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    """The signed PDF as stored, or while the inspection runs a draft of the protocol as it is now."""
    inspection = _inspection_or_404(request, reference, code)
    if inspection.document_id:
        with inspection.document.file.open("rb") as stored:
            pdf = stored.read()
    else:
        pdf = render_pdf(inspection)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokoll-{reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- my inspections -----------------------------------------------------------------------------------


@staff_required
def my_inspections(request: HttpRequest) -> HttpResponse:
    """Meine Begehungen: booked times where I inspect, from today, with the step to open."""
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    slots = (
        InspectionSlot.objects.filter(inspector=request.user, booked_at__isnull=False, starts_at__gte=since)
        .select_related(
            "process__template", "process__ticket__property", "process__ticket__unit__building__property"
        )
        .prefetch_related("process__template__steps")
        .order_by("starts_at")[:100]
    )
    slots = list(slots)
    places = inspections.places_of([(slot.process, slot.step_code) for slot in slots])
    rows = []
    for slot, place in zip(slots, places, strict=True):
        following = inspections.inspection_after(slot.process, slot.step_code)
        rows.append({"slot": slot, "place": place, "inspection_code": following.code if following else ""})
    return render(request, "backoffice/inspections/mine.html", {"rows": rows})


urlpatterns = [
    path("begehungen/", my_inspections, name="my_inspections"),
    path("vorgaenge/<ref:reference>/termine/<slug:code>/", slots_page, name="inspection_slots"),
    path("vorgaenge/<ref:reference>/termine/<slug:code>/anbieten/", slot_offer, name="inspection_slot_offer"),
    path(
        "vorgaenge/<ref:reference>/termine/<slug:code>/<int:pk>/zurueckziehen/",
        slot_withdraw,
        name="inspection_slot_withdraw",
    ),
    path(
        "vorgaenge/<ref:reference>/termine/<slug:code>/<int:pk>/buchen/",
        slot_book,
        name="inspection_slot_book",
    ),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/", protocol_page, name="inspection"),
    path(
        "vorgaenge/<ref:reference>/begehung/<slug:code>/raum/<int:index>/", room_save, name="inspection_room"
    ),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/raum-neu/", room_add, name="inspection_room_add"),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/zaehler/", facts_save, name="inspection_facts"),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/unterschrift/", sign_page, name="inspection_sign"),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/unterschreiben/", sign, name="inspection_sign_post"),
    path("vorgaenge/<ref:reference>/begehung/<slug:code>/protokoll.pdf", protocol_pdf, name="inspection_pdf"),
]
