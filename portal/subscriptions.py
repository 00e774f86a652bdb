"""Zusatzleistungen in the portal: what the company offers in the tenant's building (with prices and how
many parking spaces or cellar rooms are still free), the tenant's own agreements with their notice, the
booking form, the notice form with the earliest lawful end, and the letters as PDF. Every rule is
subscriptions.booking's; what a resident may see is processes.access's, anything else answers 404."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from notifications.letters import render_letter
from notifications.process_mail.subscriptions import (
    agreement_letter,
    cancellation_letter,
    euro,
    price_text,
    terms_text,
)
from subscriptions import booking, dates
from subscriptions.models import Service, Subscription, monthly_total
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import current_party, resident_required

INVALID_DATE = _("Bitte geben Sie ein gültiges Datum ein.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BookForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Beginn"),
        widget=DateInput(),
        error_messages={"required": _("Bitte wählen Sie den Beginn."), "invalid": INVALID_DATE},
    )
    unit = forms.TypedChoiceField(label=_("Platz"), coerce=int, required=False, choices=[])

    def __init__(self, *args, service: Service, units, first: dt.date, **kwargs):
        super().__init__(*args, initial={"starts_on": first}, **kwargs)
        self.fields["starts_on"].widget.attrs["min"] = first.isoformat()
        if service.monthly:
            self.fields["starts_on"].help_text = _(
                "Immer zum Ersten eines Monats, frühestens am %(date)s."
            ) % {"date": date_format(first, "DATE_FORMAT")}
        if service.unit_kind:
            field = self.fields["unit"]
            field.label = service.get_unit_kind_display()
            field.choices = [
                (u.pk, f"{u.number} – {u.building}" + (f", {u.floor}" if u.floor else "")) for u in units
            ]
        else:
            del self.fields["unit"]


class CancelForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Ende zum"),
        widget=DateInput(),
        error_messages={"required": _("Bitte wählen Sie das Ende."), "invalid": INVALID_DATE},
    )

    def __init__(self, *args, earliest: dt.date, **kwargs):
        super().__init__(*args, initial={"ends_on": earliest}, **kwargs)
        self.fields["ends_on"].widget.attrs["min"] = earliest.isoformat()


def _home_property(request: HttpRequest):
    home = booking.home_of(current_party(request))
    return home.unit.building.property if home else None


def _mine(request: HttpRequest, reference: str) -> Subscription:
    found = (
        booking.visible_subscriptions(request.user)
        .filter(party=current_party(request), process__ticket__reference=reference)
        .select_related("service", "unit__building", "process__ticket", "cancel_process__ticket", "party")
        .first()
    )
    if found is None:
        raise Http404
    return found


@resident_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    prop = _home_property(request)
    services = list(booking.offered_services(prop)) if prop else []
    free = booking.free_unit_counts(prop) if prop else {}
    mine = list(
        booking.visible_subscriptions(request.user)
        .of_party(current_party(request))
        .select_related("unit__building")[:50]
    )
    booked = {s.service_id for s in mine if s.state in Subscription.HOLDING and not s.unit_id}
    offers = [
        {
            "service": service,
            "price": price_text(service),
            "terms": terms_text(service),
            "free": free.get(service.unit_kind, 0) if service.unit_kind else None,
            "booked": service.pk in booked,
        }
        for service in services
    ]
    total = monthly_total(mine)
    return render(
        request,
        "portal/subscriptions/list.html",
        {
            "property": prop,
            "offers": offers,
            "mine": [(s, price_text(s)) for s in mine],
            "total": euro(total) if total else "",
        },
    )


@resident_required
@require_http_methods(["GET", "POST"])
def subscription_book(request: HttpRequest, code: str) -> HttpResponse:
    party = current_party(request)
    service = booking.offered_service(party, code)
    if service is None:
        raise Http404
    prop = _home_property(request)
    today = timezone.localdate()
    units = list(booking.free_units(service, prop)) if service.unit_kind else []
    first = dates.first_start(today=today, monthly=service.monthly)
    form = BookForm(request.POST or None, service=service, units=units, first=first)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                subscription = booking.subscription_book(
                    party=party,
                    service=service,
                    starts_on=form.cleaned_data["starts_on"],
                    unit=form.cleaned_data.get("unit"),
                    actor=Actor.for_user(request.user),
                )
            except ValidationError as invalid:
                form.add_error("unit" if invalid.code == "unit" else "starts_on", invalid)
            except TicketError as error:
                form.add_error(None, str(error.message))
                status = 409
            else:
                if subscription.state == Subscription.State.ACTIVE:
                    messages.success(
                        request, gettext("Gebucht. Ihre Zusatzvereinbarung finden Sie unten als PDF.")
                    )
                else:
                    messages.success(
                        request,
                        gettext(
                            "Ihre Buchung ist eingegangen. Wir prüfen sie und schicken Ihnen die Bestätigung."
                        ),
                    )
                return redirect("portal:subscriptions")
    return render(
        request,
        "portal/subscriptions/book.html",
        {
            "service": service,
            "price": price_text(service),
            "terms": terms_text(service),
            "form": form,
            "sold_out": bool(service.unit_kind) and not units,
        },
        status=status,
    )


@resident_required
@require_http_methods(["GET", "POST"])
def subscription_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    subscription = _mine(request, reference)
    if subscription.state != Subscription.State.ACTIVE or subscription.requested_end or subscription.ends_on:
        return redirect("portal:subscriptions")
    earliest = booking.notice_earliest_end(subscription)
    form = CancelForm(request.POST or None, earliest=earliest)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                booking.subscription_cancel(
                    subscription, actor=Actor.for_user(request.user), ends_on=form.cleaned_data["ends_on"]
                )
            except ValidationError as invalid:
                form.add_error("ends_on", invalid)
            except TicketError as error:
                form.add_error(None, str(error.message))
                status = 409
            else:
                messages.success(request, gettext("Ihre Kündigung ist eingegangen."))
                return redirect("portal:subscriptions")
    return render(
        request,
        "portal/subscriptions/cancel.html",
        {
            "subscription": subscription,
            "price": price_text(subscription),
            "terms": terms_text(subscription),
            "earliest": earliest,
            "form": form,
        },
        status=status,
    )


@resident_required
def subscription_letter(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    subscription = _mine(request, reference)
    if kind == "agreement" and subscription.state in (Subscription.State.ACTIVE, Subscription.State.ENDED):
        spec, name = agreement_letter(subscription), "zusatzvereinbarung"
    elif kind == "cancellation" and subscription.ends_on and subscription.notice_received_on:
        spec, name = cancellation_letter(subscription), "kuendigungsbestaetigung"
    else:
        raise Http404
    response = HttpResponse(render_letter(spec), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{reference}.pdf"'
    return response


urlpatterns = [
    path("zusatzleistungen/", subscription_list, name="subscriptions"),
    path("zusatzleistungen/<slug:code>/buchen/", subscription_book, name="subscription_book"),
    path(
        "zusatzleistungen/vereinbarung/<ref:reference>/kuendigen/",
        subscription_cancel,
        name="subscription_cancel",
    ),
    path(
        "zusatzleistungen/vereinbarung/<ref:reference>/zusatzvereinbarung.pdf",
        subscription_letter,
        {"kind": "agreement"},
        name="subscription_agreement",
    ),
    path(
        "zusatzleistungen/vereinbarung/<ref:reference>/kuendigung.pdf",
        subscription_letter,
        {"kind": "cancellation"},
        name="subscription_cancellation",
    ),
]
