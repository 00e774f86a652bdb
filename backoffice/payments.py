"""Zahlungsaufforderungen in the back-office: a case worker asks a tenant for a one-off amount (from the
person's 360° view or from a ticket the tenant caused), sees the request with its reminders and QR code,
and marks it paid or cancels it. Every change goes through payments.requests."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from estate.fields import LineField, TextField
from estate.models import Party
from payments import requests as payment_requests
from payments.models import PaymentRequest
from payments.reminders import next_reminder_on
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.models import Ticket

from .access import staff_required
from .payment_methods import urlpatterns as payment_method_urlpatterns
from .payment_plans import PaidForm
from .payment_plans import urlpatterns as payment_plan_urlpatterns

DEFAULT_DAYS_TO_PAY = 14


class PaymentRequestForm(forms.Form):
    amount = forms.CharField(
        label=gettext_lazy("Betrag (€)"),
        max_length=20,
        help_text=gettext_lazy("z. B. 45,00"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    purpose = LineField(
        label=gettext_lazy("Verwendungszweck"),
        max_length=100,
        help_text=gettext_lazy("Was die Mieterin / der Mieter bezahlt, z. B. Ersatzschlüssel Haustür."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Fällig am"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ticket = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def clean_amount(self):
        return payment_requests.clean_amount(self.cleaned_data["amount"])

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day < timezone.localdate():
            raise ValidationError(_("Das Fälligkeitsdatum liegt in der Vergangenheit."))
        return day


class CancelForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Bitte geben Sie eine Begründung an.")},
    )


def _source_ticket(request: HttpRequest, reference: str) -> Ticket | None:
    if not reference:
        return None
    ticket = Ticket.objects.visible_to(request.user).filter(reference=reference).first()
    if ticket is None:
        raise Http404
    return ticket


@staff_required
@require_http_methods(["GET", "POST"])
def payment_new(request: HttpRequest, party_id: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=party_id)
    if request.method == "POST":
        form = PaymentRequestForm(request.POST)
    else:
        form = PaymentRequestForm(
            initial={
                "due_date": timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS_TO_PAY),
                "ticket": request.GET.get("ticket", "")[:20],
            }
        )
    source = _source_ticket(
        request, (form.data.get("ticket") if form.is_bound else form.initial["ticket"]) or ""
    )
    if form.is_bound and form.is_valid():
        try:
            payment = payment_requests.request_create(
                party=party,
                actor=Actor.for_user(request.user),
                source_ticket=source,
                **{k: form.cleaned_data[k] for k in ("amount", "purpose", "due_date")},
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        except TicketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Die Zahlungsaufforderung ist an %(name)s gesendet.") % {"name": party}
            )
            return HttpResponseRedirect(reverse("backoffice:payment", args=[payment.reference]))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "backoffice/payments/new.html",
        {"party": party, "form": form, "source": source},
        status=status,
    )


def _payment_or_404(request: HttpRequest, reference: str) -> PaymentRequest:
    payment = (
        payment_requests.visible_requests(request.user)
        .select_related("process__ticket", "party", "source_ticket")
        .filter(process__ticket__reference=reference)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def _page(
    request: HttpRequest, payment: PaymentRequest, *, cancel_form=None, paid_form=None, status: int = 200
) -> HttpResponse:
    open_ = payment.state == PaymentRequest.State.OPEN
    return render(
        request,
        "backoffice/payments/detail.html",
        {
            "payment": payment,
            "details": payment_requests.transfer_details(payment) if open_ else None,
            "next_reminder": next_reminder_on(payment),
            "cancel_form": cancel_form or CancelForm(),
            "paid_form": paid_form or PaidForm.for_amount(payment.amount),
        },
        status=status,
    )


@staff_required
def payment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _payment_or_404(request, reference))


@staff_required
@require_POST
def payment_paid(request: HttpRequest, reference: str) -> HttpResponse:
    payment = _payment_or_404(request, reference)
    form = PaidForm(request.POST, prefix="paid")
    if not form.is_valid():
        return _page(request, payment, paid_form=form, status=400)
    # The day staff saw on the statement, at the start of that day here (the page shows the day only).
    paid_at = timezone.make_aware(dt.datetime.combine(form.cleaned_data["paid_on"], dt.time.min))
    try:
        payment_requests.request_settle(
            payment, actor=Actor.for_user(request.user), paid_at=paid_at, amount=form.cleaned_data["amount"]
        )
    except payment_requests.AmountMismatch as error:
        form.add_error("amount", str(error))
        return _page(request, payment, paid_form=form, status=400)
    except TicketError as error:
        messages.error(request, str(error))
        return _page(request, payment, status=409)
    messages.success(request, _("Die Zahlung ist als eingegangen vermerkt."))
    return HttpResponseRedirect(reverse("backoffice:payment", args=[reference]))


@staff_required
@require_POST
def payment_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    payment = _payment_or_404(request, reference)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _page(request, payment, cancel_form=form, status=400)
    try:
        payment_requests.request_cancel(
            payment, actor=Actor.for_user(request.user), reason=form.cleaned_data["reason"]
        )
    except TicketError as error:
        messages.error(request, str(error))
        return _page(request, payment, status=409)
    messages.success(request, _("Die Zahlungsaufforderung ist storniert."))
    return HttpResponseRedirect(reverse("backoffice:payment", args=[reference]))


urlpatterns = (
    payment_method_urlpatterns
    + payment_plan_urlpatterns
    + [
        path("personen/<int:party_id>/zahlungsaufforderung/", payment_new, name="payment_new"),
        path("zahlungen/<ref:reference>/", payment_detail, name="payment"),
        path("zahlungen/<ref:reference>/bezahlt/", payment_paid, name="payment_paid"),
        path("zahlungen/<ref:reference>/stornieren/", payment_cancel, name="payment_cancel"),
    ]
)
