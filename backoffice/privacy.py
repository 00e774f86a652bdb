"""Datenauskunft from the 360° view: staff with the permission produce a person's data export for a
written request, see every export of that person (the log) and download a ready one."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from estate.fields import LineField
from estate.models import Party
from privacy.exports import (
    PRODUCE_PERMISSION,
    ExportNotFound,
    NotPermitted,
    export_for_download,
    export_for_request,
)
from privacy.models import DataExport

from .access import staff_with_permission


class ExportRequestForm(forms.Form):
    note = LineField(
        label=_("Anlass"),
        max_length=200,
        help_text=_("z. B. Schreiben vom 3. März, Eingang per Post. Die Identität ist geprüft."),
    )


@require_http_methods(["GET", "POST"])
@staff_with_permission(PRODUCE_PERMISSION)
def person_exports(request: HttpRequest, pk: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=pk)
    form = ExportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export_for_request(party=party, staff_user=request.user, note=form.cleaned_data["note"])
        except NotPermitted as refused:
            raise Http404 from refused
        messages.success(request, gettext("Die Datenauskunft wird erstellt; sie erscheint gleich hier."))
        return redirect("backoffice:person_exports", pk=party.pk)
    exports = DataExport.objects.filter(party=party).select_related("requested_by", "produced_by")[:50]
    return render(
        request,
        "backoffice/privacy/person_exports.html",
        {"party": party, "form": form, "exports": exports},
        status=400 if form.errors else 200,
    )


@staff_with_permission(PRODUCE_PERMISSION)
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        export = export_for_download(export_id=pk, staff_user=request.user)
    except ExportNotFound as missing:
        raise Http404 from missing
    name = f"datenauskunft-{export.party_id}-{export.produced_at:%Y-%m-%d}.zip"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)


urlpatterns = [
    path("personen/<int:pk>/datenauskunft/", person_exports, name="person_exports"),
    path("datenauskunft/<int:pk>/", export_download, name="export_download"),
]
