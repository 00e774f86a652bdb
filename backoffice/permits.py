"""Erlaubnisse for staff: the tenant's request (Untervermietung, Tierhaltung), the decision (erteilt,
erteilt mit Auflagen with a Untermietzuschlag, a time limit or conditions in words, abgelehnt with the
reason), the letter sent, and the revocation of a permission in force. Every change goes through
permits.services; the letters follow from notifications.process_mail.permits."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import DecimalField, TextField
from estate.models import Document
from notifications.models import OutboxMessage
from notifications.process_mail.permits import DOCUMENT_KIND
from permits import services
from permits.models import Animal, Permit, Size
from permits.standard import DECISION, NO, SUBLET, WITH_CONDITIONS, YES
from processes.models import Process
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import staff_required
from .processes import get_process_or_404


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Entscheidung"),
        choices=[
            (YES, gettext_lazy("erteilt")),
            (WITH_CONDITIONS, gettext_lazy("erteilt mit Auflagen")),
            (NO, gettext_lazy("abgelehnt")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie die Entscheidung.")},
    )
    surcharge = DecimalField(
        label=gettext_lazy("Untermietzuschlag (€ im Monat)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("1000"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "min_value": gettext_lazy("Der Untermietzuschlag muss mindestens 0,01 € betragen."),
            "max_value": gettext_lazy("Der Untermietzuschlag darf höchstens 1.000 € im Monat betragen."),
            "invalid": gettext_lazy("Bitte geben Sie den Betrag als Zahl an, z. B. 25,00."),
        },
    )
    valid_until = forms.DateField(
        label=gettext_lazy("befristet bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    conditions = TextField(
        label=gettext_lazy("Auflagen"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    reason = TextField(
        label=gettext_lazy("Begründung der Ablehnung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == NO and not data.get("reason"):
            self.add_error("reason", services.ReasonRequired.default_message)
        if outcome == WITH_CONDITIONS and not (
            data.get("conditions") or data.get("surcharge") or data.get("valid_until")
        ):
            self.add_error("conditions", services.ConditionsRequired.default_message)
        return data


class RevokeForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Grund des Widerrufs"),
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={
            "required": gettext_lazy("Bitte begründen Sie den Widerruf; die Mietpartei liest ihn.")
        },
    )


def _case(request: HttpRequest, reference: str) -> Process:
    process = get_process_or_404(request, reference)
    if not services.is_permit(process):
        raise Http404
    return process


def _page(request, process: Process, *, form=None, revoke_form=None, error="", status=200) -> HttpResponse:
    step = process.current_step
    facts = services.request_of(process)
    permit = Permit.objects.filter(process=process).select_related("granted_by", "revoked_by").first()
    tenant_id = process.ticket.reporter_id
    context = {
        "process": process,
        "ticket": process.ticket,
        "sublet": process.template.code == SUBLET,
        "facts": facts,
        "valid_from": services._date(facts.get("valid_from") or ""),
        "valid_until": services._date(facts.get("valid_until") or ""),
        "animal_label": Animal(facts["animal"]).label if facts.get("animal") in Animal.values else "",
        "size_label": Size(facts["size"]).label if facts.get("size") in Size.values else "",
        "decision": services.decision_of(process),
        "deciding": process.is_running and step is not None and step.template.code == DECISION,
        "form": form or DecisionForm(initial={"version": process.version}),
        "permit": permit,
        "in_force": permit is not None and permit.is_in_force(),
        "revoke_form": revoke_form or RevokeForm(),
        "letters": list(
            Document.objects.filter(
                party_id=tenant_id, kind=DOCUMENT_KIND, title__contains=process.ticket.reference
            ).order_by("created_at", "pk")
        )
        if tenant_id
        else [],
        "outbox": list(
            OutboxMessage.objects.filter(
                ticket=process.ticket, kind__in=["permit_decision", "permit_revocation"]
            ).order_by("created_at", "pk")
        ),
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "backoffice/permits/case.html", context, status=status)


@staff_required
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _case(request, reference))


def _back(reference: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("backoffice:permit_case", args=[reference]))


@require_POST
@staff_required
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    process = _case(request, reference)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, process, form=form, status=400)
    data = form.cleaned_data
    try:
        services.decide(
            process,
            actor=Actor.for_user(request.user),
            outcome=data["outcome"],
            conditions=data["conditions"],
            surcharge=data["surcharge"],
            valid_until=data["valid_until"],
            reason=data["reason"],
            version=data["version"],
        )
    except TicketError as error:
        process.refresh_from_db()
        status = 409 if isinstance(error, StaleTicket) else 400
        return _page(request, process, form=form, error=str(error.message), status=status)
    messages.success(request, _("Entscheidung gespeichert; der Brief an die Mietpartei ist unterwegs."))
    return _back(reference)


@require_POST
@staff_required
def revoke(request: HttpRequest, reference: str) -> HttpResponse:
    process = _case(request, reference)
    permit = Permit.objects.filter(process=process).first()
    if permit is None:
        raise Http404
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _page(request, process, revoke_form=form, status=400)
    try:
        services.revoke(permit, actor=Actor.for_user(request.user), reason=form.cleaned_data["reason"])
    except TicketError as error:
        return _page(request, process, revoke_form=form, error=str(error.message), status=409)
    messages.success(request, _("Erlaubnis widerrufen; der Brief an die Mietpartei ist unterwegs."))
    return _back(reference)


@staff_required
def letter(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A letter of this request as the tenant keeps it (their document)."""
    process = _case(request, reference)
    document = get_object_or_404(
        Document,
        pk=pk,
        party_id=process.ticket.reporter_id,
        kind=DOCUMENT_KIND,
        title__contains=process.ticket.reference,
    )
    return FileResponse(document.file.open("rb"), content_type=document.content_type)


urlpatterns = [
    path("vorgaenge/<ref:reference>/erlaubnis/", case, name="permit_case"),
    path("vorgaenge/<ref:reference>/erlaubnis/entscheidung/", decide, name="permit_decide"),
    path("vorgaenge/<ref:reference>/erlaubnis/widerruf/", revoke, name="permit_revoke"),
    path("vorgaenge/<ref:reference>/erlaubnis/brief/<int:pk>/", letter, name="permit_letter"),
]
