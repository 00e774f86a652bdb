"""Mietvertrag in the portal: the new tenant reads the tenancy agreement (summary and PDF) and signs it with
a drawn signature (static/backoffice/inspection.js draws it, as on the inspection protocol); afterwards the
page shows where it stands and, once countersigned and sealed, the sealed PDF. Every rule is
letting.services'; the page is found only through processes.access (anyone else gets 404)."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from letting import services
from letting.models import Letting
from letting.standard import TEMPLATE
from processes import access, signatures
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import current_party, resident_required


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Ich habe den Mietvertrag gelesen und schließe ihn mit meiner Unterschrift ab."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Mietvertrag abschließen.")},
    )
    contract_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    image = forms.CharField(widget=forms.HiddenInput, required=False, max_length=600_000)
    typed_name = forms.CharField(
        label=_("Ohne Zeichnen: Ihr Name als Unterschrift"),
        help_text=_("Wenn Sie nicht im Feld zeichnen können: Ihr Name, wie er im Vertrag steht."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def _letting_or_404(request: HttpRequest, reference: str) -> Letting:
    process = access.process_seen_by(reference, request.user, template=TEMPLATE)
    party = current_party(request)
    if process is None or party is None:
        raise Http404
    letting = (
        Letting.objects.select_related("unit__building__property", "party", "tenant_signature", "document")
        .filter(process=process, party=party)
        .first()
    )
    if letting is None:
        raise Http404
    letting.process = process
    return letting


def _page(request: HttpRequest, letting: Letting, *, form=None, error: str = "", status: int = 200):
    offered = letting.state == Letting.State.OFFERED and bool(letting.contract_pdf)
    initial = {"contract_hash": letting.contract_hash, "version": letting.process.version}
    return render(
        request,
        "portal/letting/detail.html",
        {
            "letting": letting,
            "ticket": letting.process.ticket,
            "form": form or (SignForm(initial=initial) if offered else None),
            "error": error,
            "withdrawal_reason": services.withdrawal_reason(letting.process)
            if letting.state == Letting.State.CANCELLED
            else "",
        },
        status=status,
    )


@resident_required
@require_GET
def letting_list(request: HttpRequest) -> HttpResponse:
    lettings = list(Letting.objects.of_party(current_party(request)))
    if len(lettings) == 1:
        return redirect("portal:letting", lettings[0].process.ticket.reference)
    return render(request, "portal/letting/list.html", {"lettings": lettings})


@resident_required
@require_http_methods(["GET", "POST"])
def letting_page(request: HttpRequest, reference: str) -> HttpResponse:
    letting = _letting_or_404(request, reference)
    if request.method == "GET":
        return _page(request, letting)
    form = SignForm(request.POST)
    if letting.state != Letting.State.OFFERED:
        return _page(request, letting, error=str(services.LettingNotOpen.default_message), status=409)
    if not form.is_valid():
        return _page(request, letting, form=form, status=400)
    try:
        services.tenant_sign(
            letting,
            actor=Actor.for_user(request.user),
            contract_hash=form.cleaned_data["contract_hash"],
            image_png=signatures.png_from_data_url(form.cleaned_data["image"]),
            typed_name=form.cleaned_data["typed_name"],
            version=form.cleaned_data["version"],
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except (services.ContractChanged, StaleTicket, services.LettingNotOpen) as stale:
        letting.refresh_from_db()
        return _page(request, _letting_or_404(request, reference), error=str(stale.message), status=409)
    except TicketError as error:
        form.add_error(None, str(error.message))
        return _page(request, letting, form=form, status=400)
    messages.success(
        request,
        gettext(
            "Vielen Dank, Sie haben den Mietvertrag unterschrieben. Wir zeichnen ihn gegen und senden Ihnen "
            "den versiegelten Vertrag."
        ),
    )
    return redirect("portal:letting", reference)


@resident_required
@require_GET
def letting_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The agreement as it was offered for signing, or once concluded the sealed one."""
    letting = _letting_or_404(request, reference)
    field = letting.sealed_pdf if letting.sealed_pdf else letting.contract_pdf
    if not field:  # an offer the retention run let go
        raise Http404
    name = f"Mietvertrag-{letting.contract_number}.pdf"
    return FileResponse(field.open("rb"), content_type="application/pdf", as_attachment=False, filename=name)


urlpatterns = [
    path("neuer-mietvertrag/", letting_list, name="lettings"),
    path("neuer-mietvertrag/<ref:reference>/", letting_page, name="letting"),
    path("neuer-mietvertrag/<ref:reference>/vertrag.pdf", letting_pdf, name="letting_pdf"),
]
