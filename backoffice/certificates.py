"""Bescheinigungen in the back-office: the requests that wait for the case worker (the ERP reports an
arrear, a Ratenzahlung runs, a figure of the Mietbescheinigung is missing), oldest first, and the page of
one, where the case worker completes the figures and issues it or refuses it with a reason the tenant
reads. Each decision POSTs the process version the page showed (409 when someone decided meanwhile).
Every change goes through certificates.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from certificates import services
from certificates.figures import statement_of
from certificates.models import Certificate
from estate.fields import LineField, TextField
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import staff_required

PAGE_SIZE = 100
Kind = Certificate.Kind


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rent_net = LineField(label=gettext_lazy("Grundmiete (Nettokaltmiete) €"), max_length=20, required=False)
    operating_costs = LineField(
        label=gettext_lazy("Betriebskostenvorauszahlung €"), max_length=20, required=False
    )
    heating_costs = LineField(label=gettext_lazy("Heizkostenvorauszahlung €"), max_length=20, required=False)
    area = LineField(label=gettext_lazy("Wohnfläche m²"), max_length=20, required=False)
    rooms = LineField(label=gettext_lazy("Zimmer"), max_length=20, required=False)
    household = LineField(label=gettext_lazy("Personen im Haushalt"), max_length=20, required=False)
    statement_as_of = forms.DateField(
        label=gettext_lazy("Stand der Mietenbuchhaltung"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Bitte geben Sie ein gültiges Datum ein.")},
    )
    reason = TextField(
        label=gettext_lazy("Begründung einer Ablehnung (liest die Mietpartei)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    RENT_FIELDS = ("rent_net", "operating_costs", "heating_costs", "area", "rooms", "household")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = (
            self.RENT_FIELDS if kind == Kind.RENT else ("statement_as_of",) if kind == Kind.NO_ARREARS else ()
        )
        for name in [*self.RENT_FIELDS, "statement_as_of"]:
            if name not in keep:
                del self.fields[name]

    def figures(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("statement_as_of"):
            data["statement_as_of"] = data["statement_as_of"].isoformat()
        return data


def _number(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _initial(certificate: Certificate) -> dict:
    initial = {"version": certificate.process.version}
    for name in DecideForm.RENT_FIELDS:
        initial[name] = _number(getattr(certificate, name))
    if certificate.statement_as_of:
        initial["statement_as_of"] = certificate.statement_as_of
    return initial


def _certificates(request: HttpRequest):
    return services.visible_certificates(request.user).select_related(
        "party", "tenancy__unit__building", "process__ticket__assignee", "document", "decided_by"
    )


@staff_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    rows = _certificates(request)
    waiting = list(rows.pending().order_by("requested_at", "pk")[:PAGE_SIZE])
    decided = list(rows.exclude(state=Certificate.State.PENDING).order_by("-decided_at", "-pk")[:50])
    return render(
        request,
        "backoffice/certificates/list.html",
        {"waiting": waiting, "decided": decided, "full": len(waiting) == PAGE_SIZE},
    )


def _page(request: HttpRequest, certificate: Certificate, *, form=None, status: int = 200) -> HttpResponse:
    pending = certificate.state == Certificate.State.PENDING and certificate.process_id
    if pending and form is None:
        form = DecideForm(initial=_initial(certificate), kind=certificate.kind)
    statement = statement_of(certificate.party) if certificate.kind == Kind.NO_ARREARS and pending else None
    return render(
        request,
        "backoffice/certificates/detail.html",
        {"certificate": certificate, "form": form if pending else None, "statement": statement},
        status=status,
    )


@staff_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_certificates(request), pk=pk))


@staff_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued certificate as the tenant keeps it, for the case worker on the phone with them."""
    certificate = get_object_or_404(_certificates(request), pk=pk, document__isnull=False)
    document = certificate.document
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=False,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


@staff_required
def certificate_for_ticket(request: HttpRequest, reference: str) -> HttpResponse:
    """The generic process page's way to the certificate its issue step needs."""
    certificate = get_object_or_404(_certificates(request), process__ticket__reference=reference)
    return HttpResponseRedirect(reverse("backoffice:certificate", args=[certificate.pk]))


@require_POST
@staff_required
def certificate_decide(request: HttpRequest, pk: int, issue: bool) -> HttpResponse:
    certificate = get_object_or_404(_certificates(request), pk=pk)
    if certificate.state != Certificate.State.PENDING or not certificate.process_id:
        messages.error(request, _("Über diese Bescheinigung ist bereits entschieden."))
        return _page(request, certificate, status=409)
    form = DecideForm(request.POST, kind=certificate.kind)
    if not form.is_valid():
        return _page(request, certificate, form=form, status=400)
    try:
        services.certificate_decide(
            certificate,
            actor=Actor.for_user(request.user),
            issue=issue,
            figures=form.figures(),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as invalid:
        form.add_error(None, invalid)
        return _page(request, certificate, form=form, status=400)
    except TicketError as error:
        messages.error(request, str(error.message))
        certificate.refresh_from_db()
        return _page(request, certificate, status=409 if isinstance(error, StaleTicket) else 400)
    messages.success(
        request, _("Ausgestellt.") if issue else _("Abgelehnt; die Mietpartei erfährt den Grund.")
    )
    return HttpResponseRedirect(reverse("backoffice:certificate", args=[pk]))


urlpatterns = [
    path("bescheinigungen/", certificate_list, name="certificates"),
    path("bescheinigungen/<int:pk>/", certificate_detail, name="certificate"),
    path("bescheinigungen/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path(
        "bescheinigungen/<int:pk>/ausstellen/", certificate_decide, {"issue": True}, name="certificate_issue"
    ),
    path(
        "bescheinigungen/<int:pk>/ablehnen/", certificate_decide, {"issue": False}, name="certificate_refuse"
    ),
    path("bescheinigungen/vorgang/<ref:reference>/", certificate_for_ticket, name="certificate_for_ticket"),
]
