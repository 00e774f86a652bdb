"""Zahlungsweise in the portal (from "Meine Daten"): the payment method in force, a change to direct debit
or transfer, and the SEPA mandate the tenant reads and signs. Every rule is payments.methods'."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from estate.fields import BicField, IbanField, LineField
from estate.models import mask_iban
from payments import methods
from payments.models import PaymentMethod
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import current_party, resident_required


class MethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Wie möchten Sie zahlen?"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie eine Zahlungsweise.")},
    )
    holder = LineField(
        label=_("Kontoinhaber/in"),
        max_length=70,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = IbanField(label=_("IBAN"), required=False)
    bic = BicField(label=_("BIC"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == PaymentMethod.DIRECT_DEBIT:
            if not data.get("holder"):
                self.add_error("holder", _("Bitte geben Sie die Kontoinhaberin / den Kontoinhaber an."))
            if not data.get("iban") and "iban" not in self.errors:
                self.add_error("iban", _("Für eine Lastschrift brauchen wir Ihre IBAN."))
        return data


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Ich erteile dieses SEPA-Lastschriftmandat."),
        error_messages={"required": _("Bitte bestätigen Sie das Mandat.")},
    )
    signer_name = LineField(
        label=_("Ihr Name als Unterschrift"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie Ihren Namen als Unterschrift ein.")},
    )


def _page(request: HttpRequest, *, form=None, status: int = 200) -> HttpResponse:
    party = current_party(request)
    current = methods.current_method(party)
    return render(
        request,
        "portal/payments/method.html",
        {
            "current": current,
            "mandate_iban": mask_iban(current.mandate.iban) if current and current.mandate_id else "",
            "pending": methods.open_change(party),
            "form": form or MethodForm(),
        },
        status=status,
    )


@resident_required
@require_http_methods(["GET", "POST"])
def payment_method(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    form = MethodForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        change = methods.method_change_start(
            party=current_party(request),
            actor=Actor.for_user(request.user),
            method=form.cleaned_data["method"],
            holder=form.cleaned_data["holder"],
            iban=form.cleaned_data["iban"],
            bic=form.cleaned_data["bic"],
        )
    except ValidationError as invalid:
        form.add_error("iban" if invalid.code and invalid.code.startswith("iban") else None, invalid)
        return _page(request, form=form, status=400)
    except TicketError as error:
        form.add_error(None, str(error.message))
        return _page(request, form=form, status=409)
    if change.method == PaymentMethod.DIRECT_DEBIT:
        return redirect("portal:mandate_sign")
    messages.success(request, gettext("Ihre Änderung ist eingegangen. Wir prüfen sie und melden uns."))
    return redirect("portal:payment_method")


@resident_required
@require_http_methods(["GET", "POST"])
def mandate_sign(request: HttpRequest) -> HttpResponse:
    change = methods.open_change(current_party(request))
    step = change.process.current_step if change else None
    if change is None or change.method != PaymentMethod.DIRECT_DEBIT or step is None:
        raise Http404
    if step.template.code != methods.SIGNATURE:
        return redirect("portal:payment_method")
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        methods.mandate_sign(
            change,
            actor=Actor.for_user(request.user),
            signer_name=form.cleaned_data["signer_name"],
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        messages.success(
            request,
            gettext(
                "Vielen Dank, Ihr Mandat ist unterschrieben. Sie finden es unter „Dokumente“. "
                "Wir prüfen es und melden uns."
            ),
        )
        return redirect("portal:payment_method")
    return render(
        request,
        "portal/payments/mandate.html",
        {
            "mandate_text": methods.mandate_text(change),
            "creditor_name": settings.PAYMENTS["creditor_name"],
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path("zahlungsweise/", payment_method, name="payment_method"),
    path("zahlungsweise/mandat/", mandate_sign, name="mandate_sign"),
]
