"""Zahlungen in the portal: a payment request with the QR code the tenant's banking app scans and the
transfer details to copy, and the list of the tenant's payment requests. What a resident may see is
decided by processes.access (payments.requests.visible_requests); anything else answers 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from payments.models import PaymentRequest
from payments.reminders import next_reminder_on
from payments.requests import transfer_details, visible_requests

from .access import resident_required
from .payment_method import urlpatterns as payment_method_urlpatterns
from .payment_plans import urlpatterns as payment_plan_urlpatterns


def _payment_or_404(request: HttpRequest, reference: str) -> PaymentRequest:
    payment = (
        visible_requests(request.user)
        .select_related("process__ticket", "party")
        .filter(process__ticket__reference=reference)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


@resident_required
def payment_list(request: HttpRequest) -> HttpResponse:
    payments = visible_requests(request.user).select_related("process__ticket").order_by("-created_at")[:50]
    return render(request, "portal/payments/list.html", {"payments": payments})


@resident_required
def payment(request: HttpRequest, reference: str) -> HttpResponse:
    found = _payment_or_404(request, reference)
    return render(
        request,
        "portal/payments/detail.html",
        {
            "payment": found,
            "details": transfer_details(found) if found.state == PaymentRequest.State.OPEN else None,
            "next_reminder": next_reminder_on(found),
        },
    )


urlpatterns = (
    payment_method_urlpatterns
    + payment_plan_urlpatterns
    + [
        path("zahlungen/", payment_list, name="payments"),
        path("zahlungen/<ref:reference>/", payment, name="payment"),
    ]
)
