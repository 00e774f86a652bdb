"""Kündigung der Wohnung in the portal: the form (with the earliest lawful date, checked as the tenant
chooses), and the tenant's page of their notice (the co-tenants' answers, the confirmation letter). The
rules are processes.notice; who sees a process is processes.access."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.fields import LineField, TextField
from notifications.letters import render_letter
from notifications.process_mail.tenancy import confirmation_letter
from processes import access, notice
from processes.errors import ProcessError
from processes.models import Process, ProcessStep
from processes.notice_consent import consent_rows
from tickets.actors import Actor

from .access import current_party, resident_required


class NoticeForm(forms.Form):
    move_out_date = forms.DateField(
        label=gettext_lazy("Zu welchem Datum kündigen Sie?"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    early_release = forms.BooleanField(
        label=gettext_lazy(
            "Vorzeitige Entlassung erbeten: Ich möchte früher ausziehen als zum gesetzlichen Termin."
        ),
        required=False,
        help_text=gettext_lazy("Darüber entscheiden wir; oft geht es, wenn ein Nachmieter einziehen kann."),
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Grund der Kündigung"), choices=notice.Reason.choices, widget=forms.RadioSelect
    )
    street = LineField(label=gettext_lazy("Neue Anschrift: Straße und Hausnummer"))
    postcode = LineField(label=gettext_lazy("PLZ"), max_length=10)
    city = LineField(label=gettext_lazy("Ort"), max_length=100)
    note = TextField(
        label=gettext_lazy("Möchten Sie uns noch etwas mitteilen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )

    def forwarding(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("street", "postcode", "city")}


def _tenancy_or_404(request: HttpRequest):
    tenancy = notice.current_tenancy(current_party(request))
    if tenancy is None:
        raise Http404
    return tenancy


def _running_notice(tenancy) -> Process | None:
    return (
        Process.objects.running()
        .filter(template__code=notice.TEMPLATE, ticket__unit=tenancy.unit)
        .select_related("ticket")
        .first()
    )


def _earliest(tenancy) -> dt.date:
    return notice.earliest_end(timezone.localdate(), state=notice.state_of(tenancy.unit.building.property))


@resident_required
def notice_form(request: HttpRequest) -> HttpResponse:
    """GET the form, POST the notice. A date before the lawful one is explained and refused (400) unless
    the tenant asks for an earlier end by agreement."""
    party = current_party(request)
    tenancy = _tenancy_or_404(request)
    running = _running_notice(tenancy)
    if running is not None and access.may_see_process(running, request.user):
        return redirect("portal:notice_status", reference=running.ticket.reference)
    earliest = _earliest(tenancy)
    form = NoticeForm(request.POST or None, initial={"move_out_date": earliest})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                process = notice.notice_give(
                    tenant=party,
                    actor=Actor.for_user(request.user),
                    move_out_date=form.cleaned_data["move_out_date"],
                    reason=form.cleaned_data["reason"],
                    forwarding=form.forwarding(),
                    early_release=form.cleaned_data["early_release"],
                    note=form.cleaned_data["note"],
                )
            except ProcessError as refused:
                field = (
                    "move_out_date"
                    if isinstance(refused, notice.NoticeTooEarly | notice.NoticeTooLate)
                    else None
                )
                form.add_error(field, str(refused.message))
            else:
                messages.success(request, _("Ihre Kündigung ist bei uns eingegangen."))
                return redirect("portal:notice_status", reference=process.ticket.reference)
        status = 400
    # A refused date is explained once, by the error above the field; the live line stays empty then.
    check = {} if form.has_error("move_out_date") else _check(form, earliest)
    context = {"form": form, "earliest": earliest, "tenancy": tenancy, "check": check}
    return render(request, "portal/notice_form.html", context, status=status)


def _check(form: NoticeForm, earliest: dt.date) -> dict:
    """What the page says under the date: fine, or "frühestens zum …"."""
    raw = form["move_out_date"].value()
    if isinstance(raw, dt.date):
        chosen = raw
    else:
        try:
            chosen = dt.date.fromisoformat(str(raw or ""))
        except ValueError:
            return {"earliest": earliest}
    return {"earliest": earliest, "chosen": chosen, "too_early": chosen < earliest}


@resident_required
def notice_check(request: HttpRequest) -> HttpResponse:
    """htmx: the line under the date field for the date just chosen (the same as a full page shows)."""
    tenancy = _tenancy_or_404(request)
    form = NoticeForm(request.GET)
    return render(request, "portal/notice_form.html#check", {"check": _check(form, _earliest(tenancy))})


def _process_or_404(request: HttpRequest, reference: str) -> Process:
    process = access.process_seen_by(reference, request.user, template=notice.TEMPLATE)
    if process is None:
        raise Http404
    return process


def _letter_sent(process: Process) -> bool:
    return process.steps.filter(template__code="confirmation_letter", state=ProcessStep.State.DONE).exists()


@resident_required
def notice_status(request: HttpRequest, reference: str) -> HttpResponse:
    """Ihre Kündigung: the facts, who of the contract has agreed, the steps the tenant may see."""
    process = _process_or_404(request, reference)
    data = process.data or {}
    context = {
        "process": process,
        "ticket": process.ticket,
        "data": data,
        "move_out": _iso(data.get("move_out_date")),
        "earliest": _iso(data.get("earliest_date")),
        "reason": notice.reason_label(data),
        "consents": consent_rows(process),
        "steps": access.visible_steps(process, request.user),
        "letter_sent": _letter_sent(process),
    }
    return render(request, "portal/notice_status.html", context)


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@resident_required
def notice_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """The Kündigungsbestätigung as PDF, once it was sent."""
    process = _process_or_404(request, reference)
    if not _letter_sent(process):
        raise Http404
    pdf = render_letter(confirmation_letter(process, current_party(request)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kuendigungsbestaetigung-{reference}.pdf"'
    return response


urlpatterns = [
    path("kuendigung/", notice_form, name="notice"),
    path("kuendigung/pruefen/", notice_check, name="notice_check"),
    path("kuendigung/<ref:reference>/", notice_status, name="notice_status"),
    path("kuendigung/<ref:reference>/bestaetigung.pdf", notice_letter, name="notice_letter"),
]
