"""Kündigung in the back-office: a notice received by letter entered for the tenant, and the staff's own
steps of a notice (confirm or refuse it, the confirmation letter, the final settlement) on one page. The
rules are processes.notice; every change POSTs the process version the page showed."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from estate.fields import LineField, TextField
from estate.models import Party
from notifications.letters import render_letter
from notifications.process_mail.tenancy import confirmation_letter, settlement_letter
from processes import access, notice
from processes.models import Process, ProcessStep
from processes.notice_consent import consent_rows
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError
from tickets.models import Channel

from .access import posted_version, staff_required


class LetterNoticeForm(forms.Form):
    received_on = forms.DateField(
        label=gettext_lazy("Kündigungsschreiben eingegangen am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    move_out_date = forms.DateField(
        label=gettext_lazy("Mietende laut Schreiben"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    early_release = forms.BooleanField(label=gettext_lazy("vorzeitige Entlassung erbeten"), required=False)
    reason = forms.ChoiceField(label=gettext_lazy("Grund"), choices=notice.Reason.choices)
    street = LineField(label=gettext_lazy("Neue Anschrift: Straße und Hausnummer"), required=False)
    postcode = LineField(label=gettext_lazy("PLZ"), max_length=10, required=False)
    city = LineField(label=gettext_lazy("Ort"), max_length=100, required=False)
    note = TextField(
        label=gettext_lazy("Notiz"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class SettlementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    deposit = forms.ChoiceField(label=gettext_lazy("Mietkaution"), choices=notice.Deposit.choices)
    amount = LineField(
        label=gettext_lazy("Betrag in €"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Der verrechnete oder einbehaltene Betrag."),
    )
    note = TextField(
        label=gettext_lazy("Text für das Schreiben"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 4}),
    )


class RefuseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = TextField(
        label=gettext_lazy("Begründung für die Mieter"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )


@require_http_methods(["GET", "POST"])
@staff_required
def notice_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Kündigung per Brief erfassen: the letter's date of receipt decides the lawful date."""
    party = get_object_or_404(Party, pk=pk)
    tenancy = notice.current_tenancy(party)
    if tenancy is None:
        raise Http404
    form = LetterNoticeForm(request.POST or None, initial={"received_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = notice.notice_give(
                    tenant=party,
                    actor=Actor.for_user(request.user),
                    move_out_date=data["move_out_date"],
                    reason=data["reason"],
                    forwarding={k: data[k] for k in ("street", "postcode", "city")},
                    early_release=data["early_release"],
                    note=data["note"],
                    received_on=data["received_on"],
                    channel=Channel.LETTER,
                )
            except TicketError as refused:
                form.add_error(None, str(refused.message))
            else:
                messages.success(request, _("Kündigung erfasst."))
                return HttpResponseRedirect(reverse("backoffice:notice", args=[process.ticket.reference]))
        status = 400
    earliest = notice.earliest_end(
        timezone.localdate(), state=notice.state_of(tenancy.unit.building.property)
    )
    context = {"party": party, "tenancy": tenancy, "form": form, "earliest": earliest}
    return render(request, "backoffice/notice/start.html", context, status=status)


def _process_or_404(request: HttpRequest, reference: str) -> Process:
    process = access.process_seen_by(reference, request.user, template=notice.TEMPLATE)
    if process is None:
        raise Http404
    return process


def _page(
    request: HttpRequest, process: Process, *, error: str = "", status: int = 200, forms_=None
) -> HttpResponse:
    data = process.data or {}
    step = process.current_step
    code = step.template.code if step is not None else ""
    forms_ = forms_ or {}
    context = {
        "process": process,
        "ticket": process.ticket,
        "data": data,
        "move_out": _iso(data.get("move_out_date")),
        "earliest": _iso(data.get("earliest_date")),
        "received_on": _iso(data.get("received_on")),
        "reason": notice.reason_label(data),
        "consents": consent_rows(process),
        "step_code": code,
        "may_act": step is not None and access.may_act(process, step, request.user),
        "refuse_form": forms_.get("refuse") or RefuseForm(initial={"version": process.version}),
        "settlement_form": forms_.get("settlement") or SettlementForm(initial={"version": process.version}),
        "letter_sent": process.steps.filter(
            template__code="confirmation_letter", state=ProcessStep.State.DONE
        ).exists(),
        "error": error,
    }
    return render(request, "backoffice/notice/page.html", context, status=status)


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@staff_required
def notice_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _process_or_404(request, reference))


def _refused(request: HttpRequest, process: Process, error: TicketError, **forms_) -> HttpResponse:
    process.refresh_from_db()
    process.__dict__.pop("_roles_by_user", None)
    status = 409 if isinstance(error, StaleTicket) else 400
    return _page(request, process, error=str(error.message), status=status, forms_=forms_)


@require_POST
@staff_required
def notice_confirm(request: HttpRequest, reference: str) -> HttpResponse:
    process = _process_or_404(request, reference)
    version = posted_version(request)
    if version is None:
        return _page(request, process, error=_("Die Angaben sind unvollständig."), status=400)
    try:
        notice.notice_confirm(
            process,
            actor=Actor.for_user(request.user),
            version=version,
            at_lawful_date=request.POST.get("end") == "lawful",
        )
    except TicketError as error:
        return _refused(request, process, error)
    messages.success(request, _("Kündigung bestätigt; die Bestätigung ist verschickt."))
    return HttpResponseRedirect(reverse("backoffice:notice", args=[reference]))


@require_POST
@staff_required
def notice_refuse(request: HttpRequest, reference: str) -> HttpResponse:
    process = _process_or_404(request, reference)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            process,
            error=_("Bitte geben Sie eine Begründung an."),
            status=400,
            forms_={"refuse": form},
        )
    try:
        notice.notice_refuse(
            process,
            actor=Actor.for_user(request.user),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except TicketError as error:
        return _refused(request, process, error, refuse=form)
    messages.success(request, _("Kündigung nicht bestätigt; die Mieter erhalten die Begründung."))
    return HttpResponseRedirect(reverse("backoffice:notice", args=[reference]))


@require_POST
@staff_required
def notice_settlement(request: HttpRequest, reference: str) -> HttpResponse:
    process = _process_or_404(request, reference)
    form = SettlementForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            process,
            error=_("Die Angaben sind unvollständig."),
            status=400,
            forms_={"settlement": form},
        )
    data = form.cleaned_data
    try:
        notice.settlement_record(
            process,
            actor=Actor.for_user(request.user),
            deposit=data["deposit"],
            amount=data["amount"],
            note=data["note"],
            version=data["version"],
        )
    except TicketError as error:
        return _refused(request, process, error, settlement=form)
    messages.success(request, _("Schlussabrechnung festgehalten; das Schreiben geht an die neue Anschrift."))
    return HttpResponseRedirect(reverse("backoffice:notice", args=[reference]))


@staff_required
def notice_letter(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """The confirmation or settlement letter to the tenant as PDF: a preview before it goes out, the
    copy afterwards."""
    process = _process_or_404(request, reference)
    tenant = next(iter(access.tenants_of(process)), None)
    if tenant is None:
        raise Http404
    if kind == "bestaetigung":
        spec = confirmation_letter(process, tenant)
    elif kind == "abrechnung" and (process.data or {}).get("settlement"):
        spec = settlement_letter(process, tenant)
    else:
        raise Http404
    response = HttpResponse(render_letter(spec), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{reference}.pdf"'
    return response


urlpatterns = [
    path("personen/<int:pk>/kuendigung/", notice_start, name="notice_start"),
    path("kuendigungen/<ref:reference>/", notice_page, name="notice"),
    path("kuendigungen/<ref:reference>/bestaetigen/", notice_confirm, name="notice_confirm"),
    path("kuendigungen/<ref:reference>/ablehnen/", notice_refuse, name="notice_refuse"),
    path("kuendigungen/<ref:reference>/abrechnung/", notice_settlement, name="notice_settlement"),
    path("kuendigungen/<ref:reference>/<slug:kind>.pdf", notice_letter, name="notice_letter"),
]
