"""Freigaben: data changes tenants asked for (bank account, name, contract) wait here until a colleague
with the approval permission approves or rejects them. The list masks IBANs; the page of one request
shows them in full to the approver, and every such showing is logged (estate.IbanAccess)."""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import APPROVE_CHANGES
from estate.fields import TextField
from estate.models import IbanAccess, mask_iban
from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_reject
from tickets.errors import TicketError
from tickets.models import ChangeRequest

from .access import staff_required

PAGE_SIZE = 100
FIELD_LABELS = {
    "iban": gettext_lazy("IBAN"),
    "bic": gettext_lazy("BIC"),
    "holder": gettext_lazy("Kontoinhaber"),
    "salutation": gettext_lazy("Anrede"),
    "first_name": gettext_lazy("Vorname"),
    "last_name": gettext_lazy("Nachname"),
    # A contract change (contracts): what changes, for whom, from when; its own page shows it in full.
    "change": gettext_lazy("Änderung"),
    "person": gettext_lazy("Person"),
    "person_id": gettext_lazy("Personen-ID"),
    "email": gettext_lazy("E-Mail"),
    "date": gettext_lazy("gilt ab"),
    "relation": gettext_lazy("Beziehung"),
    "contract_number": gettext_lazy("Vertragsnummer"),
    "unit": gettext_lazy("Mieteinheit"),
    "name": gettext_lazy("Name"),
    "street": gettext_lazy("Straße und Hausnummer"),
    "postcode": gettext_lazy("PLZ"),
    "city": gettext_lazy("Ort"),
    "phone": gettext_lazy("Telefon"),
    "scope": gettext_lazy("Umfang"),
    "basis": gettext_lazy("Grundlage"),
}


class RejectForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Begründung für die Mieterin / den Mieter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Bitte geben Sie eine Begründung an.")},
    )


def approver_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff who may approve data changes; for everyone else the approvals do not exist (404)."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(APPROVE_CHANGES):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def comparison(change_request: ChangeRequest, *, reveal: bool) -> list[tuple[str, str, str]]:
    """(label, old, new) rows for every field either side holds; IBANs masked unless `reveal`."""
    old, new = change_request.old_values or {}, change_request.new_values or {}
    rows = []
    for key in dict.fromkeys([*new, *old]):
        before, after = str(old.get(key, "") or ""), str(new.get(key, "") or "")
        if key == "iban" and not reveal:
            before, after = (mask_iban(before) if before else ""), (mask_iban(after) if after else "")
        rows.append((str(FIELD_LABELS.get(key, key)), before, after))
    return rows


def _pending():
    return ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).select_related("party", "ticket")


@approver_required
def approval_list(request: HttpRequest) -> HttpResponse:
    # Oldest first: a tenant waiting longest is answered first.
    requests = list(_pending().order_by("created_at", "id")[: PAGE_SIZE + 1])
    rows = [(r, comparison(r, reveal=False)) for r in requests[:PAGE_SIZE]]
    context = {"rows": rows, "more": len(requests) > PAGE_SIZE}
    return render(request, "backoffice/approvals/list.html", context)


def _log_iban_shown(request: HttpRequest, change_request: ChangeRequest) -> None:
    shows_iban = "iban" in (change_request.old_values or {}) or "iban" in (change_request.new_values or {})
    if shows_iban:
        IbanAccess.record(
            user=request.user,
            party_id=change_request.party_id,
            change_request=change_request,
            purpose=IbanAccess.PURPOSE_APPROVAL,
        )


def _page(request: HttpRequest, change_request: ChangeRequest, *, form=None, status=200) -> HttpResponse:
    _log_iban_shown(request, change_request)
    context = {
        "change_request": change_request,
        "rows": comparison(change_request, reveal=True),
        "reject_form": form or RejectForm(),
    }
    return render(request, "backoffice/approvals/detail.html", context, status=status)


@approver_required
def approval_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = get_object_or_404(
        ChangeRequest.objects.select_related("party", "ticket", "decided_by"), pk=pk
    )
    return _page(request, change_request)


def _back_to_list(request: HttpRequest, change_request: ChangeRequest, *, done: str) -> HttpResponse:
    messages.success(
        request,
        _("%(done)s: %(party)s, %(kind)s.")
        % {"done": done, "party": change_request.party, "kind": change_request.get_kind_display()},
    )
    return HttpResponseRedirect(reverse("backoffice:approvals"))


def _refused(request: HttpRequest, error: TicketError) -> HttpResponse:
    messages.error(request, str(error.message))
    return HttpResponseRedirect(reverse("backoffice:approvals"))


# Approving and rejecting are one service call each: the change, its timeline row and the tenant's mail
# (outbox) in one transaction.
@require_POST
@approver_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = get_object_or_404(_pending(), pk=pk)
    try:
        change_request_approve(request=change_request, actor=Actor.for_user(request.user))
    except TicketError as error:
        return _refused(request, error)
    return _back_to_list(request, change_request, done=_("Änderung übernommen"))


@require_POST
@approver_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = get_object_or_404(_pending().select_related("decided_by"), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _page(request, change_request, form=form, status=400)
    try:
        change_request_reject(
            request=change_request, actor=Actor.for_user(request.user), reason=form.cleaned_data["reason"]
        )
    except TicketError as error:
        return _refused(request, error)
    return _back_to_list(request, change_request, done=_("Antrag abgelehnt"))


urlpatterns = [
    path("freigaben/", approval_list, name="approvals"),
    path("freigaben/<int:pk>/", approval_detail, name="approval"),
    path("freigaben/<int:pk>/uebernehmen/", approve, name="approval_approve"),
    path("freigaben/<int:pk>/ablehnen/", reject, name="approval_reject"),
]
