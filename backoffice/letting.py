"""Vermietungen in the back-office: the list of lettings (open ones first), a new letting entered by staff
(a person of the 360° view or a new one, the unit by its property and number, the terms), and the
letting's page: the terms, both signatures with who, when, address, browser and hash, the countersignature
(drawn, static/backoffice/inspection.js) and the seal's state checked again on every visit ("Siegel
gültig" / "verändert"). Every rule is letting.services'; what a colleague sees is processes.access'."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from estate.fields import LineField
from estate.models import Party, Unit
from letting import services
from letting.models import Letting
from processes import access, signatures
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import staff_required

LIST_LIMIT = 100


class LettingForm(forms.Form):
    party = forms.IntegerField(required=False, widget=forms.HiddenInput)
    salutation = LineField(label=gettext_lazy("Anrede"), max_length=30, required=False)
    first_name = LineField(label=gettext_lazy("Vorname"), max_length=150, required=False)
    last_name = LineField(label=gettext_lazy("Nachname"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-Mail"), required=False)
    property_code = LineField(
        label=gettext_lazy("Wirtschaftseinheit (Nummer)"),
        max_length=20,
        help_text=gettext_lazy("z. B. WE0001"),
    )
    unit_number = LineField(label=gettext_lazy("Wohnung Nr."), max_length=30)
    start = forms.DateField(
        label=gettext_lazy("Mietbeginn"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    rent_net = forms.CharField(
        label=gettext_lazy("Nettokaltmiete (€)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    operating_costs = forms.CharField(
        label=gettext_lazy("Betriebskostenvorauszahlung (€)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    deposit = forms.CharField(
        label=gettext_lazy("Kaution (€)"),
        max_length=20,
        help_text=gettext_lazy("höchstens drei Nettokaltmieten (§ 551 BGB)"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("party") and not (data.get("last_name") and data.get("email")):
            raise ValidationError(
                _("Bitte geben Sie Nachname und E-Mail-Adresse der neuen Mieterin / des neuen Mieters an.")
            )
        code, number = data.get("property_code"), data.get("unit_number")
        if code and number:
            unit = (
                Unit.objects.select_related("building__property")
                .filter(building__property__code__iexact=code, number__iexact=number)
                .first()
            )
            if unit is None:
                self.add_error("unit_number", _("Diese Wohnung gibt es in der Wirtschaftseinheit nicht."))
            data["unit"] = unit
        return data


class CountersignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    image = forms.CharField(widget=forms.HiddenInput, required=False, max_length=600_000)


def visible_lettings(user):
    return Letting.objects.filter(process__in=access.processes_for(user).values("pk"))


@staff_required
@require_GET
def letting_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("stand", "")
    rows = visible_lettings(request.user).for_list()
    if state in Letting.State.values:
        rows = rows.filter(state=state)
    return render(
        request,
        "backoffice/letting/list.html",
        {
            "lettings": list(rows[:LIST_LIMIT]),
            "states": Letting.State.choices,
            "state": state,
            "seal_configured": services.seal_configured(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def letting_new(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("party") or request.GET.get("person") or ""
    party = get_object_or_404(Party, pk=int(chosen)) if chosen.isdigit() else None
    initial = {"party": party.pk if party else None, "start": timezone.localdate() + dt.timedelta(days=30)}
    form = LettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = _start(request, party=party, data=data)
        except ValidationError as invalid:
            form.add_error(invalid.code if invalid.code in form.fields else None, invalid.messages)
        except TicketError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Der Mietvertrag ist erstellt; %(name)s ist zur Unterschrift eingeladen.")
                % {"name": process.letting.party},
            )
            return HttpResponseRedirect(reverse("backoffice:letting", args=[process.ticket.reference]))
    return render(
        request,
        "backoffice/letting/new.html",
        {"form": form, "party": party},
        status=400 if form.is_bound else 200,
    )


def _start(request: HttpRequest, *, party: Party | None, data: dict):
    with transaction.atomic():  # a new person is kept only with their letting
        if party is None:
            party = Party.objects.create(
                salutation=data["salutation"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        return services.start_letting(
            party=party,
            unit=data["unit"],
            start=data["start"],
            rent_net=data["rent_net"],
            operating_costs=data["operating_costs"],
            deposit=data["deposit"],
            by=Actor.for_user(request.user),
            source=Letting.Source.STAFF,
        )


def _letting_or_404(request: HttpRequest, reference: str) -> Letting:
    letting = (
        visible_lettings(request.user)
        .select_related(
            "process__ticket",
            "process__current_step__template",
            "party",
            "unit__building__property",
            "tenant_signature__party",
            "tenant_signature__process__template",
            "staff_signature",
            "document",
            "tenancy",
        )
        .filter(process__ticket__reference=reference)
        .first()
    )
    if letting is None:
        raise Http404
    return letting


def _page(request: HttpRequest, letting: Letting, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "backoffice/letting/detail.html",
        {
            "letting": letting,
            "ticket": letting.process.ticket,
            "signatures": [s for s in (letting.tenant_signature, letting.staff_signature) if s is not None],
            "seal": services.letting_seal_status(letting) if letting.sealed_pdf else None,
            "seal_configured": services.seal_configured(),
            "may_countersign": services.may_countersign(Actor.for_user(request.user)),
            "form": CountersignForm(initial={"version": letting.process.version})
            if letting.state == Letting.State.TENANT_SIGNED
            else None,
            "error": error,
        },
        status=status,
    )


@staff_required
@require_GET
def letting_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _letting_or_404(request, reference))


@staff_required
@require_POST
def letting_countersign(request: HttpRequest, reference: str) -> HttpResponse:
    letting = _letting_or_404(request, reference)
    form = CountersignForm(request.POST)
    if not form.is_valid():
        return _page(request, letting, error=_("Bitte laden Sie die Seite neu."), status=400)
    try:
        services.countersign(
            letting,
            actor=Actor.for_user(request.user),
            image_png=signatures.png_from_data_url(form.cleaned_data["image"]),
            version=form.cleaned_data["version"],
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except (StaleTicket, services.LettingNotOpen, services.ContractChanged) as stale:
        return _page(request, _letting_or_404(request, reference), error=str(stale.message), status=409)
    except TicketError as error:
        return _page(request, letting, error=str(error.message), status=400)
    messages.success(
        request,
        _("Der Mietvertrag ist gegengezeichnet, versiegelt und an %(name)s gesendet.")
        % {"name": letting.party.display_name},
    )
    return HttpResponseRedirect(reverse("backoffice:letting", args=[reference]))


@staff_required
@require_GET
def letting_pdf(request: HttpRequest, reference: str, which: str) -> HttpResponse:
    letting = _letting_or_404(request, reference)
    field = letting.sealed_pdf if which == "versiegelt" else letting.contract_pdf
    if not field:
        raise Http404
    suffix = "-versiegelt" if which == "versiegelt" else ""
    return FileResponse(
        field.open("rb"),
        content_type="application/pdf",
        filename=f"Mietvertrag-{letting.contract_number}{suffix}.pdf",
    )


urlpatterns = [
    path("vermietungen/", letting_list, name="lettings"),
    path("vermietungen/neu/", letting_new, name="letting_new"),
    path("vermietungen/<ref:reference>/", letting_detail, name="letting"),
    path("vermietungen/<ref:reference>/gegenzeichnen/", letting_countersign, name="letting_countersign"),
    path("vermietungen/<ref:reference>/<str:which>.pdf", letting_pdf, name="letting_pdf"),
]
