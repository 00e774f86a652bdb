"""Bauliche Veränderung in the portal: the tenant asks with a description, drawings (PDF) and photos, and
follows the request: the company's decision, its conditions or reason, the letters, and the record
whether the change stays at move-out. Rules and checks are processes.modification's."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.process_mail import cases
from processes import access, modification
from processes.models import outcome_label
from tickets.errors import TicketError
from tickets.uploads import UploadRefused

from .access import current_party, resident_required
from .photos import PhotosField

RECORDS = (modification.TAKEN_OVER, modification.REMOVE)


class DrawingsInput(forms.FileInput):
    allow_multiple_selected = True


class DrawingsField(forms.FileField):
    """PDF drawings, each checked by processes.modification.clean_drawing."""

    widget = DrawingsInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > modification.MAX_FILES:
            raise ValidationError(_("Höchstens %(count)s Dateien.") % {"count": modification.MAX_FILES})
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(modification.clean_drawing(upload))
            except UploadRefused as refused:
                errors.append(str(refused.message))
        if errors:
            raise ValidationError(errors)
        return checked


class RequestForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Was möchten Sie verändern?"),
        help_text=gettext_lazy("Kurz, z. B. „Einbau einer bodengleichen Dusche“."),
        max_length=200,
    )
    room = forms.CharField(label=gettext_lazy("In welchem Raum?"), max_length=100, required=False)
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"),
        help_text=gettext_lazy(
            "Wie soll es ausgeführt werden, von wem (Fachbetrieb?), mit welchen Materialien?"
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    drawings = DrawingsField(
        label=gettext_lazy("Zeichnungen oder Pläne (PDF)"),
        required=False,
        widget=DrawingsInput(attrs={"accept": "application/pdf"}),
    )
    photos = PhotosField(label=gettext_lazy("Fotos (wie es jetzt aussieht)"))

    def uploads(self) -> list:
        return list(self.cleaned_data.get("drawings") or []) + list(self.cleaned_data.get("photos") or [])


@resident_required
def request_form(request: HttpRequest) -> HttpResponse:
    """Bauliche Veränderung beantragen."""
    form = RequestForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = modification.request_submit(
                    party=current_party(request),
                    title=data["title"],
                    room=data["room"],
                    description=data["description"],
                    files=form.uploads(),
                )
            except TicketError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("Ihr Antrag ist eingegangen. Wir entscheiden innerhalb der genannten Frist.")
                )
                return redirect("portal:modification", process.ticket.reference)
        status = 400
    return render(request, "portal/modification_request.html", {"form": form}, status=status)


@resident_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    process = access.process_seen_by(reference, request.user, template=modification.TEMPLATE)
    if process is None:
        raise Http404
    decision_step = process.steps.filter(template__code="decision").select_related("template").first()
    context = {
        "process": process,
        "ticket": process.ticket,
        "request_facts": modification.request_of(process),
        "decision": modification.decision_of(process),
        "decision_due": decision_step.due_at if decision_step and decision_step.state == "active" else None,
        "steps": access.visible_steps(process, request.user),
        "letters": list(cases.letters_for(process, current_party(request))),
        "files": list(process.ticket.attachments.filter(is_public=True)),
        "record_label": outcome_label(process.outcome)
        if process.outcome in ("taken_over", "remove_at_move_out")
        else "",
    }
    return render(request, "portal/modification_detail.html", context)


urlpatterns = [
    path("veraenderung/beantragen/", request_form, name="modification_request"),
    path("veraenderung/<ref:reference>/", detail, name="modification"),
]
