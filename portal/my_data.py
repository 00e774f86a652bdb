"""Meine Daten: what we have on file, and how a resident changes it.

The phone number changes at once; a new e-mail address only once the resident confirms it from that
mailbox; a bank account becomes a change request that a case worker approves first, a name change (with
its proof) the process under "Mein Mietvertrag" (portal/contract_changes.py).
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import magic
from estate.fields import BicField, EmailField, IbanField, LineField, PhoneField
from estate.models import Party, mask_iban
from notifications.process_mail.subscriptions import euro
from subscriptions.models import Subscription, monthly_total
from tickets.actors import Actor
from tickets.change_requests import change_request_create
from tickets.models import ChangeRequest

from .access import current_party, resident_required
from .places import places_for

log = logging.getLogger(__name__)


class PhoneForm(forms.Form):
    phone = PhoneField(
        label=_("Telefonnummer"),
        help_text=_("z. B. 0351 1234567 oder +49 170 1234567. Leer lassen, um sie zu löschen."),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class EmailChangeForm(forms.Form):
    email = EmailField(
        label=_("Neue E-Mail-Adresse"),
        help_text=_("Wir senden Ihnen einen Link an die neue Adresse. Erst wenn Sie ihn öffnen, gilt sie."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party

    def clean_email(self) -> str:
        email = magic.normalise_email(self.cleaned_data["email"])
        if email == magic.normalise_email(self.party.email):
            raise ValidationError(_("Das ist bereits Ihre E-Mail-Adresse."))
        return email


class BankAccountForm(forms.Form):
    holder = LineField(
        label=_("Kontoinhaber/in"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    iban = IbanField(label=_("IBAN"))
    bic = BicField(label=_("BIC"), required=False)


FORMS = {"phone": PhoneForm, "email": EmailChangeForm, "bank": BankAccountForm}


def _forms(party: Party, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    """Every form of the page, unbound, except the one just sent back with its errors."""
    result = {}
    for key, form_class in FORMS.items():
        kwargs = {"party": party} if key == "email" else {}
        if key == "phone":
            kwargs["initial"] = {"phone": party.phone}
        result[key] = bound.get(key) or form_class(prefix=key, **kwargs)
    return result


def _summary(change: ChangeRequest) -> str:
    """The requested values in one line; an IBAN only masked, as everywhere in the portal."""
    values = change.new_values
    if change.kind == ChangeRequest.Kind.BANK_ACCOUNT:
        return f"{values.get('holder', '')}, {mask_iban(values.get('iban', ''))}"
    if change.kind == ChangeRequest.Kind.NAME:
        return " ".join(values.get(f, "") for f in ("salutation", "first_name", "last_name") if values.get(f))
    return ""


def _page(request: HttpRequest, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    party = current_party(request)
    account = party.bank_accounts.filter(valid_until__isnull=True).first()
    requests = [(r, _summary(r)) for r in party.change_requests.order_by("-created_at")[:20]]
    # Zusatzleistungen: what runs now, and what it costs together a month; one query.
    running = list(Subscription.objects.filter(party=party).running().select_related("service", "unit"))
    return render(
        request,
        "portal/my_data.html",
        {
            "party": party,
            "account": account,
            "places": places_for(party),
            "change_requests": requests,
            "subscriptions": running,
            "subscriptions_total": euro(monthly_total(running)) if running else "",
            "forms": _forms(party, bound or {}),
            "error_form": next(iter((bound or {}).values()), None),
        },
        status=status,
    )


@resident_required
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@resident_required
@transaction.atomic
def phone_change(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    form = PhoneForm(request.POST, prefix="phone")
    if not form.is_valid():
        return _page(request, bound={"phone": form}, status=400)
    party.phone = form.cleaned_data["phone"]
    party.save(update_fields=["phone"])
    # Not on a ticket's timeline: a phone number is the tenant's own business. The log keeps who and when.
    log.info("Party %s changed their phone number in the portal", party.pk)
    messages.success(request, gettext("Ihre Telefonnummer ist gespeichert."))
    return redirect("portal:my_data")


@require_POST
@resident_required
def email_change(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    form = EmailChangeForm(request.POST, prefix="email", party=party)
    if not form.is_valid():
        return _page(request, bound={"email": form}, status=400)
    if magic.rate_limited(email=form.cleaned_data["email"], ip=request.META.get("REMOTE_ADDR", "")):
        return render(request, "portal/rate_limited.html", status=429)
    magic.email_change_request(
        party=party,
        new_email=form.cleaned_data["email"],
        build_url=lambda token: request.build_absolute_uri(reverse("portal:email_confirm", args=[token])),
    )
    messages.success(
        request,
        gettext(
            "Wir haben Ihnen einen Link an %(email)s gesendet. Bitte öffnen Sie ihn, um die neue Adresse "
            "zu bestätigen."
        )
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("portal:my_data")


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the mail, signed in or not. GET only shows the button: mail scanners open links."""
    try:
        if request.method == "GET":
            _party, new_email = magic.email_change_check(token=token)
            return render(request, "portal/email_confirm.html", {"email": new_email})
        party = magic.email_change_confirm(token=token)
    except magic.EmailChangeInvalid as invalid:
        status = 400 if invalid.reason in ("tampered", "taken") else 410
        return render(request, "portal/email_confirm_invalid.html", {"reason": invalid.reason}, status=status)
    messages.success(
        request, gettext("Ihre neue E-Mail-Adresse %(email)s gilt ab sofort.") % {"email": party.email}
    )
    signed_in_as_party = current_party(request) is not None and current_party(request).pk == party.pk
    return redirect("portal:my_data" if signed_in_as_party else "portal:login")


def _change_request(request: HttpRequest, *, key: str, kind: str, fields: tuple[str, ...]) -> HttpResponse:
    party = current_party(request)
    form = FORMS[key](request.POST, prefix=key)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        try:
            change_request_create(
                party=party, kind=kind, new_values=values, actor=Actor.for_user(request.user)
            )
        except ValidationError as error:
            # The rule's own message (wrong IBAN checksum, missing name) goes next to the field it is about.
            field = {"holder_required": "holder", "last_name_required": "last_name"}.get(
                error.code, "iban" if key == "bank" else None
            )
            form.add_error(field, error)
        else:
            messages.success(
                request,
                gettext("Vielen Dank. Wir prüfen Ihre Änderung und tragen sie dann ein."),
            )
            return redirect("portal:my_data")
    return _page(request, bound={key: form}, status=400)


@require_POST
@resident_required
def bank_change(request: HttpRequest) -> HttpResponse:
    return _change_request(
        request, key="bank", kind=ChangeRequest.Kind.BANK_ACCOUNT, fields=("holder", "iban", "bic")
    )


@require_POST
@resident_required
def name_change(request: HttpRequest) -> HttpResponse:
    """A name change needs its proof and is a process of its own (contracts, under "Mein Mietvertrag"):
    a form sent here from an older page stores nothing and leads there."""
    return redirect("portal:contract_name")
