"""Nachbarschaftsstörung in the portal, for both sides. The complainant reports it with the facts the case
needs and keeps the nuisance log (Störungsprotokoll); the accused reads the stages addressed to them and
the letters we wrote them, and nothing of the complainant: their page is built from a context that never
holds the complaint, the log or the complainant (processes.nuisance, processes.access)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from notifications.process_mail import cases
from processes import access, nuisance
from processes.models import Process, Role, outcome_label
from tickets.errors import TicketError

from .access import current_party, resident_required

YES_NO = [("yes", gettext_lazy("Ja")), ("no", gettext_lazy("Nein"))]


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Worum geht es?"), choices=nuisance.Kind.choices, widget=forms.RadioSelect
    )
    times = forms.MultipleChoiceField(
        label=gettext_lazy("Wann tritt die Störung auf?"),
        choices=nuisance.TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Bitte wählen Sie mindestens eine Tageszeit.")},
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("Wie oft?"), choices=nuisance.Frequency.choices, widget=forms.RadioSelect
    )
    since = forms.DateField(
        label=gettext_lazy("Seit wann?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    neighbour = forms.CharField(
        label=gettext_lazy("Wer verursacht die Störung?"),
        help_text=gettext_lazy("Wohnung oder Name, so wie Sie es wissen, z. B. „2. OG rechts“."),
        max_length=200,
    )
    spoke = forms.ChoiceField(
        label=gettext_lazy("Haben Sie schon mit der Person gesprochen?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte antworten Sie mit Ja oder Nein.")},
    )
    talk_result = forms.CharField(
        label=gettext_lazy("Wenn ja: was ist dabei herausgekommen?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=gettext_lazy("Beschreiben Sie die Störung"),
        help_text=gettext_lazy(
            "Was passiert, wie wirkt es sich auf Sie aus? Die Person erfährt nicht, wer sich beschwert."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        return since

    def facts(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "times": data["times"],
            "frequency": data["frequency"],
            "since": data["since"],
            "spoke_to_neighbour": data["spoke"] == "yes",
            "talk_result": data["talk_result"],
            "neighbour": data["neighbour"],
        }


class LogEntryForm(forms.Form):
    occurred_on = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    occurred_at = forms.TimeField(
        label=gettext_lazy("Uhrzeit"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Dauer in Minuten"), required=False, min_value=1, max_value=1440
    )
    description = forms.CharField(
        label=gettext_lazy("Was ist passiert?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        return day


@resident_required
def complaint(request: HttpRequest) -> HttpResponse:
    """Nachbarschaftsstörung melden: every fact the case needs, asked before anything is stored."""
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                process = nuisance.complaint_submit(
                    party=current_party(request),
                    facts=form.facts(),
                    description=form.cleaned_data["description"],
                )
            except TicketError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("Ihre Beschwerde ist eingegangen. Führen Sie jetzt Ihr Störungsprotokoll.")
                )
                return redirect("portal:nuisance", process.ticket.reference)
        status = 400
    return render(request, "portal/nuisance_complaint.html", {"form": form}, status=status)


def _case_or_404(request: HttpRequest, reference: str) -> Process:
    process = access.process_seen_by(reference, request.user, template=nuisance.TEMPLATE)
    if process is None:
        raise Http404
    return process


def _page(request: HttpRequest, process: Process, *, form=None, status: int = 200) -> HttpResponse:
    roles = access.roles_of(process, request.user)
    party = current_party(request)
    steps = access.visible_steps(process, request.user)
    common = {
        "process": process,
        "steps": steps,
        "letters": list(cases.letters_for(process, party)),
        "outcome_label": outcome_label(process.outcome) if process.outcome else "",
    }
    if Role.COMPLAINANT in roles:
        context = {
            **common,
            "ticket": process.ticket,
            "facts": nuisance.facts_of(process),
            "log": nuisance.log_for(process, request.user),
            "form": form or LogEntryForm(initial={"occurred_on": timezone.localdate()}),
            "may_log": process.is_running,
        }
        return render(request, "portal/nuisance_complainant.html", context, status=status)
    # Anyone else with a role here is the accused: their page gets nothing of the complaint.
    return render(request, "portal/nuisance_accused.html", common, status=status)


@resident_required
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _case_or_404(request, reference))


@require_POST
@resident_required
def log_add(request: HttpRequest, reference: str) -> HttpResponse:
    process = _case_or_404(request, reference)
    if Role.COMPLAINANT not in access.roles_of(process, request.user):
        raise Http404
    form = LogEntryForm(request.POST)
    if form.is_valid():
        try:
            nuisance.log_add(process, party=current_party(request), **form.cleaned_data)
        except TicketError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Eintrag gespeichert."))
            return redirect("portal:nuisance", reference)
    return _page(request, process, form=form, status=400)


@resident_required
def letter(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A letter of this process addressed to the signed-in person, as PDF; any other answers 404."""
    process = access.process_seen_by(reference, request.user)
    if process is None:
        raise Http404
    message = cases.letters_for(process, current_party(request)).filter(pk=pk).first()
    if message is None:
        raise Http404
    response = HttpResponse(cases.letter_pdf(message), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{message.pk}.pdf"'
    return response


urlpatterns = [
    path("nachbarschaft/melden/", complaint, name="nuisance_complaint"),
    path("nachbarschaft/<ref:reference>/", case, name="nuisance"),
    path("nachbarschaft/<ref:reference>/protokoll/", log_add, name="nuisance_log"),
    path("vorgaenge/<ref:reference>/briefe/<int:pk>.pdf", letter, name="case_letter"),
]
