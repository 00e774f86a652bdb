"""Freigabe der Zahlungsweise: a tenant's change to direct debit (with the signed SEPA mandate) or to
transfer waits here, beside the other data changes, until a colleague with the approval permission
approves or rejects it (backoffice.approvals' rule). The mandate's full IBAN is shown to the approver
only, and every showing is logged (estate.IbanAccess)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from estate.models import IbanAccess
from payments import methods
from payments.models import PaymentMethodChange
from processes.signatures import verify
from tickets.actors import Actor
from tickets.errors import TicketError

from .approvals import RejectForm, approver_required

PURPOSE = "Freigabe Zahlungsweise"


def _changes():
    return PaymentMethodChange.objects.select_related("party", "mandate__signature", "process__ticket")


@approver_required
def method_change_list(request: HttpRequest) -> HttpResponse:
    pending = _changes().filter(state=PaymentMethodChange.State.PENDING).order_by("created_at", "pk")[:100]
    return render(request, "backoffice/payments/method_list.html", {"changes": pending})


def _page(request: HttpRequest, change: PaymentMethodChange, *, reject_form=None, status=200) -> HttpResponse:
    mandate = change.mandate
    if mandate is not None and change.state == PaymentMethodChange.State.PENDING:
        IbanAccess.objects.create(user=request.user, party=change.party, purpose=PURPOSE)
    intact = None
    if mandate is not None and mandate.signature_id and mandate.document:
        with mandate.document.open("rb") as pdf:
            intact = verify(mandate.signature, pdf.read())
    return render(
        request,
        "backoffice/payments/method_detail.html",
        {
            "change": change,
            "mandate": mandate,
            "intact": intact,
            "current": methods.current_method(change.party),
            "reject_form": reject_form or RejectForm(),
        },
        status=status,
    )


@approver_required
def method_change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_changes(), pk=pk))


@require_POST
@approver_required
def method_change_approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(), pk=pk)
    try:
        methods.method_change_approve(change, actor=Actor.for_user(request.user))
    except TicketError as error:
        messages.error(request, str(error.message))
        return _page(request, change, status=409)
    messages.success(request, _("Die neue Zahlungsweise ist freigegeben."))
    return HttpResponseRedirect(reverse("backoffice:method_changes"))


@require_POST
@approver_required
def method_change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _page(request, change, reject_form=form, status=400)
    try:
        methods.method_change_reject(
            change, actor=Actor.for_user(request.user), reason=form.cleaned_data["reason"]
        )
    except (TicketError, ValidationError) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return _page(request, change, status=409)
    messages.success(request, _("Die Änderung der Zahlungsweise ist abgelehnt."))
    return HttpResponseRedirect(reverse("backoffice:method_changes"))


@approver_required
def mandate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(), pk=pk)
    if change.mandate is None or not change.mandate.document:
        raise Http404
    return FileResponse(
        change.mandate.document.open("rb"),
        content_type="application/pdf",
        filename=f"{change.mandate.reference}.pdf",
    )


urlpatterns = [
    path("freigaben/zahlungsweise/", method_change_list, name="method_changes"),
    path("freigaben/zahlungsweise/<int:pk>/", method_change_detail, name="method_change"),
    path("freigaben/zahlungsweise/<int:pk>/freigeben/", method_change_approve, name="method_change_approve"),
    path("freigaben/zahlungsweise/<int:pk>/ablehnen/", method_change_reject, name="method_change_reject"),
    path("freigaben/zahlungsweise/<int:pk>/mandat.pdf", mandate_pdf, name="method_change_mandate"),
]
