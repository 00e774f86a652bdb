"""Meine Daten herunterladen (DSGVO Art. 15/20): ask, confirm by the link sent to one's own address,
download the ZIP. The rules live in privacy.exports; anything not the signed-in resident's own is a 404."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import magic
from privacy.exports import ExportNotFound, export_check, export_confirm, export_for_download, export_request
from privacy.models import DataExport

from .access import current_party, resident_required


@resident_required
def export_page(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    exports = DataExport.objects.filter(
        party=party,
        state__in=[DataExport.State.UNCONFIRMED, DataExport.State.CONFIRMED, DataExport.State.READY],
    ).order_by("-created_at")[:3]
    return render(request, "portal/privacy/export.html", {"party": party, "exports": exports})


@require_POST
@resident_required
def export_request_view(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    if not party.email:
        messages.error(
            request,
            gettext("Für eine Auskunft im Portal brauchen wir Ihre E-Mail-Adresse. Bitte rufen Sie uns an."),
        )
        return redirect("portal:privacy_export")
    if magic.rate_limited(email=party.email, ip=request.META.get("REMOTE_ADDR", "")):
        return render(request, "portal/rate_limited.html", status=429)
    export_request(
        party=party,
        user=request.user,
        build_url=lambda token: request.build_absolute_uri(
            reverse("portal:privacy_export_confirm", args=[token])
        ),
    )
    messages.success(
        request,
        gettext("Wir haben Ihnen einen Link an %(email)s gesendet. Bitte bestätigen Sie damit die Auskunft.")
        % {"email": party.email},
    )
    return redirect("portal:privacy_export")


@require_http_methods(["GET", "POST"])
@resident_required
def export_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the mail. GET only shows the button: mail scanners open links."""
    party = current_party(request)
    try:
        if request.method == "GET":
            export_check(token=token, party=party)
            return render(request, "portal/privacy/confirm.html")
        export_confirm(token=token, party=party)
    except ExportNotFound as missing:
        raise Http404 from missing
    messages.success(request, gettext("Danke. Wir stellen Ihre Daten jetzt zusammen."))
    return redirect("portal:privacy_export")


@resident_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        export = export_for_download(export_id=pk, party=current_party(request))
    except ExportNotFound as missing:
        raise Http404 from missing
    name = f"meine-daten-{export.produced_at:%Y-%m-%d}.zip"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)


urlpatterns = [
    path("meine-daten/auskunft/", export_page, name="privacy_export"),
    path("meine-daten/auskunft/anfordern/", export_request_view, name="privacy_export_request"),
    path("meine-daten/auskunft/bestaetigen/<str:token>/", export_confirm_view, name="privacy_export_confirm"),
    path("meine-daten/auskunft/<int:pk>/", export_download, name="privacy_export_download"),
]
