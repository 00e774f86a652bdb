"""The staff's pages for what the generic process page's buttons cannot do: a nuisance case (the
complaint's facts and log, naming the accused, the letters to them) and a home modification (the decision
with its conditions or reason). The outcomes of the stages are recorded on the process page itself.
Every change goes through processes.* and notifications.process_mail.cases."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import TextField
from estate.models import Party
from notifications.models import OutboxMessage
from notifications.process_mail import cases
from processes import modification, nuisance
from processes.models import Process, ProcessStep
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import staff_required
from .processes import get_process_or_404


class TalkForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Tag"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=gettext_lazy("Uhrzeit"), widget=forms.TimeInput(attrs={"type": "time"}))
    where = TextField(label=gettext_lazy("Ort"), max_length=200, widget=forms.TextInput)
    text = TextField(
        label=gettext_lazy("Zusatz (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        help_text=gettext_lazy("Keine Namen, keine Wohnung, keine Zitate aus der Beschwerde."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Der Termin liegt in der Vergangenheit."))
        return day


class WarningForm(forms.Form):
    text = TextField(
        label=gettext_lazy("Abgemahntes Verhalten"),
        max_length=3000,
        widget=forms.Textarea({"rows": 4}),
        help_text=gettext_lazy(
            "In eigenen Worten und sachlich: was, wann, wie oft. Keine Namen, keine Wohnung, keine Zitate."
        ),
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Entscheidung"),
        choices=[
            (modification.YES, gettext_lazy("genehmigt")),
            (modification.WITH_CONDITIONS, gettext_lazy("genehmigt mit Auflagen")),
            (modification.NO, gettext_lazy("abgelehnt")),
        ],
        widget=forms.RadioSelect,
    )
    conditions = TextField(
        label=gettext_lazy("Auflagen"), required=False, max_length=4000, widget=forms.Textarea({"rows": 4})
    )
    reason = TextField(
        label=gettext_lazy("Begründung der Ablehnung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
    )


def _case_of(request: HttpRequest, reference: str, template_code: str) -> Process:
    process = get_process_or_404(request, reference)
    if process.template.code != template_code:
        raise Http404
    return process


def _letters(process: Process) -> list[OutboxMessage]:
    kinds = list(cases.LETTER_KINDS)
    rows = OutboxMessage.objects.filter(ticket=process.ticket, channel=OutboxMessage.Channel.LETTER)
    return list(rows.filter(kind__in=kinds).select_related("recipient_party").order_by("created_at", "id"))


# --- nuisance -----------------------------------------------------------------------------------------


def _nuisance_page(request: HttpRequest, process: Process, *, forms_=None, error="", status=200):
    current = process.current_step.template.code if process.current_step else ""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # NUL: the database refuses it
    accused = nuisance.accused_of(process)
    context = {
        "process": process,
        "ticket": process.ticket,
        "facts": nuisance.facts_of(process),
        "log": nuisance.log_for(process, request.user),
        "accused": accused,
        "query": query,
        "candidates": nuisance.accused_candidates(process, query) if query and accused is None else [],
        "letters": _letters(process),
        "stage": current if current in (cases.TALK, cases.WARNING) and process.is_running else "",
        "talk_form": TalkForm(),
        "warning_form": WarningForm(),
        "error": error,
        **(forms_ or {}),
    }
    return render(request, "backoffice/process_cases/nuisance.html", context, status=status)


@staff_required
def nuisance_case(request: HttpRequest, reference: str) -> HttpResponse:
    return _nuisance_page(request, _case_of(request, reference, nuisance.TEMPLATE))


def _back(reference: str, name: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"backoffice:{name}", args=[reference]))


@require_POST
@staff_required
def nuisance_accused(request: HttpRequest, reference: str) -> HttpResponse:
    process = _case_of(request, reference, nuisance.TEMPLATE)
    raw = request.POST.get("party", "")
    party = Party.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
    if party is None:
        error = _("Bitte wählen Sie eine Person aus der Liste.")
        return _nuisance_page(request, process, error=error, status=400)
    try:
        nuisance.accused_set(process, actor=Actor.for_user(request.user), party=party)
    except TicketError as error:
        return _nuisance_page(request, process, error=str(error.message), status=400)
    messages.success(request, _("Beschuldigte Partei eingetragen: %(name)s") % {"name": party.display_name})
    return _back(reference, "nuisance_case")


@require_POST
@staff_required
def nuisance_letter(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    process = _case_of(request, reference, nuisance.TEMPLATE)
    if stage not in (cases.TALK, cases.WARNING):
        raise Http404
    form = (TalkForm if stage == cases.TALK else WarningForm)(request.POST)
    forms_ = {f"{stage}_form": form}
    if not form.is_valid():
        return _nuisance_page(request, process, forms_=forms_, status=400)
    try:
        cases.accused_letter(process, stage=stage, actor=Actor.for_user(request.user), **form.cleaned_data)
    except TicketError as error:
        return _nuisance_page(request, process, forms_=forms_, error=str(error.message), status=400)
    messages.success(request, _("Der Brief ist im Postausgang und geht mit dem nächsten Druckstapel raus."))
    return _back(reference, "nuisance_case")


# --- home modification --------------------------------------------------------------------------------


def _modification_page(request: HttpRequest, process: Process, *, form=None, error="", status=200):
    step = process.current_step
    deciding = (
        step is not None and step.template.code == "decision" and step.state == ProcessStep.State.ACTIVE
    )
    deciding = deciding and process.is_running
    context = {
        "process": process,
        "ticket": process.ticket,
        "request_facts": modification.request_of(process),
        "decision": modification.decision_of(process),
        "deciding": deciding,
        "form": form or DecisionForm(initial={"version": process.version}),
        "files": list(process.ticket.attachments.all()),
        "letters": _letters(process),
        "error": error,
    }
    return render(request, "backoffice/process_cases/modification.html", context, status=status)


@staff_required
def modification_case(request: HttpRequest, reference: str) -> HttpResponse:
    return _modification_page(request, _case_of(request, reference, modification.TEMPLATE))


@require_POST
@staff_required
def modification_decide(request: HttpRequest, reference: str) -> HttpResponse:
    process = _case_of(request, reference, modification.TEMPLATE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _modification_page(request, process, form=form, status=400)
    data = form.cleaned_data
    try:
        modification.decide(
            process,
            actor=Actor.for_user(request.user),
            outcome=data["outcome"],
            conditions=data["conditions"],
            reason=data["reason"],
            version=data["version"],
        )
    except TicketError as error:
        process.refresh_from_db()
        status = 409 if isinstance(error, StaleTicket) else 400
        return _modification_page(request, process, form=form, error=str(error.message), status=status)
    messages.success(request, _("Entscheidung gespeichert; der Brief an den Mieter ist im Postausgang."))
    return _back(reference, "modification_case")


urlpatterns = [
    path("vorgaenge/<ref:reference>/beschwerde/", nuisance_case, name="nuisance_case"),
    path("vorgaenge/<ref:reference>/beschwerde/beschuldigte/", nuisance_accused, name="nuisance_accused"),
    path("vorgaenge/<ref:reference>/beschwerde/brief/<slug:stage>/", nuisance_letter, name="nuisance_letter"),
    path("vorgaenge/<ref:reference>/veraenderung/", modification_case, name="modification_case"),
    path(
        "vorgaenge/<ref:reference>/veraenderung/entscheidung/",
        modification_decide,
        name="modification_decide",
    ),
]
