"""Wohnungstausch in the portal: the tenant applies naming the partner (another tenant of ours by contract
number and surname, or someone from outside by name and e-mail), follows the state with the pre-checks in
gentle words, and sees the ends of tenancy and new tenancies it led to. The partner answers through the
signed link of their e-mail (swap_partner), where a partner from outside registers their data. The rules
are swaps.services; what a resident may see, processes.access."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from estate.fields import LineField
from letting.services import parse_amount
from processes import access
from processes.errors import ProcessError
from processes.models import Process
from swaps import services
from swaps.invitation import LinkInvalid, swap_for_token
from swaps.models import HomeSwap
from swaps.wording import follow_ups_for, side_word, tenant_checks
from tickets.actors import Actor

from .access import current_party, resident_required


class ApplyForm(forms.Form):
    household = forms.IntegerField(
        label=gettext_lazy("Wie viele Personen ziehen mit Ihnen in die neue Wohnung (Sie eingeschlossen)?"),
        min_value=1,
        max_value=20,
        error_messages={"required": gettext_lazy("Bitte geben Sie die Größe Ihres Haushalts an.")},
    )
    wished_date = forms.DateField(
        label=gettext_lazy("Gewünschter Tauschtermin"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Bitte wählen Sie einen Tauschtermin.")},
    )
    partner_kind = forms.ChoiceField(
        label=gettext_lazy("Ihr Tauschpartner ist"),
        choices=[
            ("tenant", gettext_lazy("auch Mieter/in bei uns")),
            ("outside", gettext_lazy("nicht Mieter/in bei uns")),
        ],
        widget=forms.RadioSelect,
        initial="tenant",
    )
    contract_number = LineField(
        label=gettext_lazy("Vertragsnummer Ihres Tauschpartners"), max_length=40, required=False
    )
    last_name = LineField(label=gettext_lazy("Nachname Ihres Tauschpartners"), max_length=150, required=False)
    outside_first_name = LineField(label=gettext_lazy("Vorname"), max_length=150, required=False)
    outside_last_name = LineField(label=gettext_lazy("Nachname"), max_length=150, required=False)
    outside_email = forms.EmailField(
        label=gettext_lazy("E-Mail-Adresse"),
        required=False,
        error_messages={"invalid": gettext_lazy("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("partner_kind") == "outside":
            if not data.get("outside_last_name") or not data.get("outside_email"):
                raise ValidationError(_("Bitte nennen Sie Namen und E-Mail-Adresse Ihres Tauschpartners."))
        elif not data.get("contract_number") or not data.get("last_name"):
            raise ValidationError(_("Bitte nennen Sie Vertragsnummer und Nachnamen Ihres Tauschpartners."))
        return data


def _swap_or_404(request: HttpRequest, reference: str) -> HomeSwap:
    process = access.process_seen_by(reference, request.user, template="wohnungstausch")
    if process is None:
        raise Http404
    return HomeSwap.objects.select_related(
        "applicant", "partner", "applicant_unit__building", "partner_unit__building"
    ).get(process=process)


@resident_required
@require_http_methods(["GET", "POST"])
def swap_apply(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    tenancy = services.current_tenancy(party)
    if tenancy is None:
        raise Http404
    running = HomeSwap.objects.of_party(party).filter(process__in=Process.objects.running()).first()
    if running is not None:
        return redirect("portal:swap", reference=running.reference)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["partner_kind"] == "outside":
                swap = services.swap_apply(
                    applicant=party,
                    actor=Actor.for_party(party),
                    household=data["household"],
                    wished_date=data["wished_date"],
                    outside={
                        "first_name": data["outside_first_name"],
                        "last_name": data["outside_last_name"],
                        "email": data["outside_email"],
                    },
                )
            else:
                found = services.partner_tenancy(
                    contract_number=data["contract_number"], last_name=data["last_name"], applicant=party
                )
                if found is None:
                    raise services.PartnerNotFound()
                swap = services.swap_apply(
                    applicant=party,
                    actor=Actor.for_party(party),
                    household=data["household"],
                    wished_date=data["wished_date"],
                    partner=found,
                )
        except ProcessError as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("portal:swap", reference=swap.reference)
    status = 400 if form.is_bound else 200
    return render(request, "portal/swaps/apply.html", {"form": form, "tenancy": tenancy}, status=status)


@resident_required
def swap_status(request: HttpRequest, reference: str) -> HttpResponse:
    swap = _swap_or_404(request, reference)
    process = swap.process
    steps = access.visible_steps(process, request.user)
    is_applicant = current_party(request).pk == swap.applicant_id
    current = process.current_step.template.code if process.current_step else ""
    # Each books the time for their own home; both read both homes' times and protocols.
    own_appointment = "applicant_home_appointment" if is_applicant else "partner_home_appointment"
    return render(
        request,
        "portal/swaps/status.html",
        {
            "swap": swap,
            "process": process,
            "steps": steps,
            "books_now": process.is_running and current == own_appointment,
            "inspections_begun": any(
                step.template.kind == "appointment" and step.state in ("active", "done") for step in steps
            ),
            "checks": tenant_checks(swap, current_party(request)),
            "follow_ups": follow_ups_for(swap, request.user),
            "is_applicant": is_applicant,
            "decided": _decided(swap, current_party(request)),
            "applicant_word": side_word(swap, swap.applicant),
            "partner_word": side_word(swap, swap.partner),
        },
    )


def _decided(swap, party) -> dict | None:
    """An approved swap as each side reads it: the day it takes effect and the home they move into; who
    moves into a home that is not ours reads the day their tenancy with us ends."""
    data = swap.process.data or {}
    if data.get("decision") != "yes" or not data.get("swap_date"):
        return None
    swap_date = dt.date.fromisoformat(data["swap_date"])
    new_home = swap.other_home_of(party)
    if new_home is None:
        return {
            "swap_date": swap_date,
            "last_day": swap_date - dt.timedelta(days=1),
            "new_home": swap.outside_address,
        }
    return {"swap_date": swap_date, "new_home": new_home}


class PartnerForm(forms.Form):
    household = forms.IntegerField(
        label=gettext_lazy("Wie viele Personen ziehen mit Ihnen in die neue Wohnung (Sie eingeschlossen)?"),
        min_value=1,
        max_value=20,
        required=False,
    )
    street = LineField(
        label=gettext_lazy("Jetzige Anschrift: Straße und Hausnummer"), max_length=200, required=False
    )
    postcode = LineField(label=gettext_lazy("PLZ"), max_length=10, required=False)
    city = LineField(label=gettext_lazy("Ort"), max_length=100, required=False)
    landlord = LineField(label=gettext_lazy("Jetzige/r Vermieter/in"), max_length=200, required=False)
    # German notation is what people type: "2,5" rooms, "61,5" m², "1.850,00" €.
    rooms = forms.DecimalField(
        label=gettext_lazy("Zimmer Ihrer jetzigen Wohnung"),
        min_value=0,
        max_digits=3,
        decimal_places=1,
        required=False,
        localize=True,
    )
    area = forms.DecimalField(
        label=gettext_lazy("Wohnfläche Ihrer jetzigen Wohnung (m²)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        localize=True,
    )
    income = forms.CharField(
        label=gettext_lazy("Monatliches Haushaltsnettoeinkommen in €"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean_income(self):
        value = self.cleaned_data.get("income", "").strip()
        if not value:
            return None
        try:
            amount = parse_amount(value, field="income", label=_("das Einkommen"))
        except ValidationError:
            amount = None
        if amount is None or amount < 0:
            raise ValidationError(_("Bitte geben Sie das Einkommen als Betrag in Euro an, etwa 1.850,00."))
        return amount


def _wrong_person(request: HttpRequest, swap: HomeSwap) -> bool:
    """Someone else is signed in on this browser: the link is not theirs to use."""
    if not request.user.is_authenticated:
        return False
    party = current_party(request)
    return party is None or party.pk != swap.partner_id


@require_http_methods(["GET", "POST"])
def swap_partner(request: HttpRequest, token: str) -> HttpResponse:
    try:
        swap = swap_for_token(token)
    except LinkInvalid as invalid:
        return render(request, "portal/swaps/partner.html", {"invalid": invalid.message}, status=404)
    language = swap.partner.language or "de"
    if _wrong_person(request, swap):
        with translation.override(language):
            return render(
                request, "portal/swaps/partner.html", {"wrong_person": True, "swap": swap}, status=403
            )
    form = PartnerForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in ("agreed", "refused") or not form.is_valid():
            error, status = _("Bitte prüfen Sie Ihre Angaben."), 400
        else:
            try:
                services.partner_answer(
                    swap,
                    party=swap.partner,
                    agreed=answer == "agreed",
                    household=form.cleaned_data.get("household"),
                    outside_data=form.cleaned_data,
                    ip_address=request.META.get("REMOTE_ADDR"),
                    user_agent=request.headers.get("User-Agent", "")[:300],
                )
            except services.SwapError as refused:
                error, status = refused.message, 400
            except ProcessError as refused:
                error, status = refused.message, 409
            else:
                return redirect("portal:swap_partner", token=token)
    step = swap.process.steps.filter(template__code="partner_confirmation").order_by("-pk").first()
    context = {
        "swap": swap,
        "form": form,
        "error": error,
        "text": services.application_text(swap),
        "is_open": step is not None and step.state == step.State.ACTIVE and swap.process.is_running,
        "answer": step.outcome if step is not None else "",
        "today": timezone.localdate(),
    }
    with translation.override(language):
        return render(request, "portal/swaps/partner.html", context, status=status)


urlpatterns = [
    path("wohnungstausch/", swap_apply, name="swap_apply"),
    path("wohnungstausch/bestaetigen/<str:token>/", swap_partner, name="swap_partner"),
    path("wohnungstausch/<ref:reference>/", swap_status, name="swap"),
]
