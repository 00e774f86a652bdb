"""Vorgänge in the back-office: the process page (steps done and due, who acts next, parties, signatures,
documents) with the buttons for the staff's steps, and the small panel on the ticket page. Every change
goes through processes.engine and POSTs the process version the page showed."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import TextField
from processes import access, engine, own_forms
from processes.facts import facts_of
from processes.inspections import booking_codes
from processes.models import Process, ProcessStep, Role, outcome_label
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError
from tickets.models import Ticket

from .access import staff_required


class StepForm(forms.Form):
    COMPLETE, SKIP = "complete", "skip"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(choices=[(COMPLETE, COMPLETE), (SKIP, SKIP)], required=False)
    outcome = forms.CharField(max_length=40, required=False)
    note = TextField(
        label=gettext_lazy("Notiz"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = TextField(label=gettext_lazy("Begründung"), max_length=2000, widget=forms.Textarea({"rows": 2}))


def process_panel(ticket: Ticket) -> Process | None:
    """The ticket page's panel: the process with its template and current step, one query."""
    return Process.objects.filter(ticket=ticket).select_related("template", "current_step__template").first()


def get_process_or_404(request: HttpRequest, reference: str) -> Process:
    """The process of ticket `reference`, through the one door of processes.access."""
    process = (
        Process.objects.select_related(
            "template", "current_step__template", "ticket__property", "ticket__unit__building", "ticket__team"
        )
        .filter(ticket__reference=reference)
        .first()
    )
    if process is None or not access.may_see_process(process, request.user):
        raise Http404
    return process


def _page(request: HttpRequest, process: Process, *, error: str = "", status: int = 200) -> HttpResponse:
    steps = access.visible_steps(process, request.user)
    roles = access.roles_of(process, request.user)
    booking = booking_codes(step.template for step in steps)
    for step in steps:
        step.books_inspection = step.template.code in booking
        # The buttons a step offers this person: one per outcome, or a plain "done".
        step.may_act = step.state == ProcessStep.State.ACTIVE and access.roles_may_act(roles, step)
        # A step with a form of its own (the day and amount of a payment) is done there, not by a button.
        step.own_page = own_forms.staff_page_url(process, step) if step.may_act else ""
        step.may_act = step.may_act and own_forms.own_form(process, step) is None
        step.choices = _outcome_choices(step) if step.may_act else []
    context = {
        "process": process,
        "ticket": process.ticket,
        "steps": steps,
        "parties": list(process.parties.select_related("party", "user", "contractor")),
        "signatures": list(process.signatures.select_related("step__template", "party")),
        "documents": list(process.ticket.attachments.all()),
        "facts": facts_of(process, {step.template.code: step.template.label for step in steps}),
        "outcome": outcome_label(process.outcome) if process.outcome else "",
        "cancel_form": CancelForm(initial={"version": process.version}),
        "may_cancel": process.is_running and Role.CASE_WORKER in roles,
        "error": error,
    }
    return render(request, "backoffice/processes/page.html", context, status=status)


def _outcome_choices(step: ProcessStep) -> list[tuple[str, str]]:
    return [(code, outcome_label(code)) for code in (step.template.outcomes or {})]


@staff_required
def process_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, get_process_or_404(request, reference))


def _refused(request: HttpRequest, process: Process, error: TicketError) -> HttpResponse:
    process.refresh_from_db()
    process.__dict__.pop("_roles_by_user", None)
    status = 409 if isinstance(error, StaleTicket) else 400
    return _page(request, process, error=str(error.message), status=status)


@require_POST
@staff_required
def process_step(request: HttpRequest, reference: str, code: str) -> HttpResponse:
    process = get_process_or_404(request, reference)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _page(request, process, error=_("Die Angaben sind unvollständig."), status=400)
    data = form.cleaned_data
    actor = Actor.for_user(request.user)
    try:
        if data["action"] == StepForm.SKIP:
            step = engine.skip(process, code, actor=actor, reason=data["note"], version=data["version"])
        else:
            note = {"note": data["note"]} if data["note"] else {}
            step = engine.complete(
                process, code, actor=actor, outcome=data["outcome"], data=note, version=data["version"]
            )
    except TicketError as error:
        return _refused(request, process, error)
    messages.success(request, _("Schritt erledigt: %(step)s") % {"step": step.template.label})
    return HttpResponseRedirect(reverse("backoffice:process", args=[reference]))


@require_POST
@staff_required
def process_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    process = get_process_or_404(request, reference)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _page(request, process, error=_("Bitte geben Sie eine Begründung an."), status=400)
    try:
        engine.cancel(
            process,
            actor=Actor.for_user(request.user),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except TicketError as error:
        return _refused(request, process, error)
    messages.success(request, _("Vorgang abgebrochen: %(process)s") % {"process": process.template.label})
    return HttpResponseRedirect(reverse("backoffice:process", args=[reference]))


urlpatterns = [
    path("vorgaenge/<ref:reference>/", process_page, name="process"),
    path("vorgaenge/<ref:reference>/schritt/<slug:code>/", process_step, name="process_step"),
    path("vorgaenge/<ref:reference>/abbrechen/", process_cancel, name="process_cancel"),
]
