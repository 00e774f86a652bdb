"""Wohnungstausch in the back-office: the application with both households and homes, the pre-checks with
their results and reasons (a failed one released with a required reason), the two inspections through the
inspection pages, the decision with its letters, and the follow-on processes. The rules are
swaps.services; every change POSTs the process version the page showed, a stale one answers 409."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import TextField
from letting.services import parse_amount
from notifications.letters import render_letter
from notifications.process_mail.swaps import decision_letter
from processes import access
from processes.models import Process, ProcessStep
from swaps import services
from swaps.follow_ups import terms_known, terms_needed
from swaps.models import HomeSwap, SwapCheck
from swaps.wording import follow_up_references
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import posted_version, staff_required

INSPECTION_STEPS = (
    ("applicant_home_appointment", "applicant_home_inspection"),
    ("partner_home_appointment", "partner_home_inspection"),
)


class OverrideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = TextField(
        label=gettext_lazy("Begründung der Freigabe"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Bitte begründen Sie, warum die Prüfung trotzdem als erfüllt gilt.")
        },
    )


AMOUNTS = (
    ("rent_net", gettext_lazy("Nettokaltmiete (€)"), gettext_lazy("die Nettokaltmiete")),
    (
        "operating_costs",
        gettext_lazy("Betriebskostenvorauszahlung (€)"),
        gettext_lazy("die Betriebskostenvorauszahlung"),
    ),
    ("deposit", gettext_lazy("Kaution (€)"), gettext_lazy("die Kaution")),
)


def _typed(amount: Decimal) -> str:
    """An amount as staff type it ("1837,50"), so that the prefilled value reads back the same."""
    return f"{amount:.2f}".replace(".", ",")


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Entscheidung"),
        choices=[("yes", gettext_lazy("Tausch genehmigen")), ("no", gettext_lazy("Tausch ablehnen"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie: genehmigen oder ablehnen.")},
    )
    reason = TextField(
        label=gettext_lazy("Begründung (steht im Brief an beide)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Bitte begründen Sie die Entscheidung.")},
    )
    swap_date = forms.DateField(
        label=gettext_lazy("Tauschtermin: Beginn der neuen Mietverhältnisse"),
        help_text=gettext_lazy("Die bisherigen Mietverhältnisse enden am Tag davor."),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def __init__(self, *args, swap: HomeSwap, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = terms_needed(swap)
        known = terms_known(swap) if not self.is_bound else {}
        for party, unit in self.moves:
            for key, label, _what in AMOUNTS:
                name = f"{key}_{party.pk}"
                self.fields[name] = forms.CharField(
                    label=f"{label} – {party.display_name}, {unit}",
                    max_length=20,
                    required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
                if key in known.get(party.pk, {}):
                    self.initial.setdefault(name, _typed(known[party.pk][key]))

    def _amounts(self, data: dict) -> None:
        """Each amount as typed ("1.837,50" too), through letting's parser: the one door for amounts."""
        for party, _unit in self.moves:
            for key, _label, what in AMOUNTS:
                name = f"{key}_{party.pk}"
                if name not in data:  # already refused by the field itself
                    continue
                if not data[name]:
                    data[name] = None
                    continue
                try:
                    data[name] = parse_amount(data[name], field=key, label=what)
                except ValidationError as invalid:
                    self.add_error(name, invalid.messages[0])
                    continue
                if data.get(name) is not None and data[name] < 0:
                    self.add_error(name, _("Der Betrag darf nicht negativ sein."))

    def clean(self):
        data = super().clean()
        self._amounts(data)
        if data.get("outcome") != "yes":
            return data
        if not data.get("swap_date"):
            self.add_error("swap_date", _("Bitte nennen Sie den Tauschtermin."))
        for party, _unit in self.moves:
            for key in ("rent_net", "operating_costs", "deposit"):
                if data.get(f"{key}_{party.pk}") is None and f"{key}_{party.pk}" not in self.errors:
                    self.add_error(
                        f"{key}_{party.pk}", _("Bitte ausfüllen: der neue Mietvertrag braucht diese Angabe.")
                    )
            rent, deposit = data.get(f"rent_net_{party.pk}"), data.get(f"deposit_{party.pk}")
            if rent is not None and rent <= 0:
                self.add_error(f"rent_net_{party.pk}", _("Die Miete muss größer als 0 € sein."))
            if rent is not None and deposit is not None and deposit > 3 * rent:
                self.add_error(
                    f"deposit_{party.pk}",
                    _("Die Kaution darf höchstens drei Nettokaltmieten betragen (§ 551 BGB)."),
                )
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            party.pk: {
                key: str(data[f"{key}_{party.pk}"]) for key in ("rent_net", "operating_costs", "deposit")
            }
            for party, _unit in self.moves
        }


def _swap_or_404(request: HttpRequest, reference: str) -> HomeSwap:
    process = access.process_seen_by(reference, request.user, template="wohnungstausch")
    if process is None:
        raise Http404
    swap = HomeSwap.objects.select_related(
        "applicant", "partner", "applicant_unit__building", "partner_unit__building"
    ).get(process=process)
    swap.process = process
    return swap


def _inspections(swap: HomeSwap) -> list[dict]:
    steps = {s.template.code: s for s in swap.process.steps.select_related("template")}
    rows = []
    for appointment, inspection in INSPECTION_STEPS:
        if appointment not in steps:
            continue
        rows.append({"appointment": steps[appointment], "inspection": steps[inspection]})
    return rows


def _page(
    request: HttpRequest, swap: HomeSwap, *, error: str = "", status: int = 200, **forms_
) -> HttpResponse:
    process = swap.process
    step = process.current_step
    code = step.template.code if step is not None else ""
    checks = list(swap.checks.select_related("party", "overridden_by"))
    context = {
        "swap": swap,
        "process": process,
        "ticket": process.ticket,
        "step_code": code,
        "may_act": step is not None and access.may_act(process, step, request.user),
        "checks": checks,
        "all_ok": bool(checks) and all(c.ok for c in checks),
        "override_form": forms_.get("override") or OverrideForm(initial={"version": process.version}),
        "override_check": forms_.get("override_check"),
        "decision_form": forms_.get("decision")
        or DecisionForm(swap=swap, initial={"version": process.version}),
        "inspections": _inspections(swap),
        "follow_ups": list(
            Process.objects.filter(ticket__reference__in=follow_up_references(swap)).select_related(
                "ticket", "template", "current_step__template"
            )
        ),
        "decided": process.steps.filter(template__code="decision", state=ProcessStep.State.DONE).exists(),
        "error": error,
    }
    return render(request, "backoffice/swaps/page.html", context, status=status)


def _refused(request: HttpRequest, reference: str, error: TicketError, **forms_) -> HttpResponse:
    swap = _swap_or_404(request, reference)  # fresh: the page shows what is stored now
    # Bad input is 400; a stale page, or a step no longer open, is a conflict with what is stored now.
    status = 400 if isinstance(error, services.SwapError) and not isinstance(error, StaleTicket) else 409
    return _page(request, swap, error=str(error.message), status=status, **forms_)


@staff_required
def swap_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _swap_or_404(request, reference))


@require_POST
@staff_required
def swap_check_override(request: HttpRequest, reference: str, check_id: int) -> HttpResponse:
    swap = _swap_or_404(request, reference)
    check = SwapCheck.objects.filter(swap=swap, pk=check_id).select_related("party", "swap__process").first()
    if check is None:
        raise Http404
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            swap,
            error=_("Bitte begründen Sie die Freigabe."),
            status=400,
            override=form,
            override_check=check.pk,
        )
    try:
        services.check_override(
            check,
            actor=Actor.for_user(request.user),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except TicketError as error:
        return _refused(request, reference, error, override=form, override_check=check.pk)
    messages.success(request, _("Die Prüfung ist mit Ihrer Begründung freigegeben."))
    return HttpResponseRedirect(reverse("backoffice:swap", args=[reference]))


@require_POST
@staff_required
def swap_checks(request: HttpRequest, reference: str) -> HttpResponse:
    """Prüfung abschließen (every check passed or released), ablehnen (straight to the decision), or
    check again (the ERP has meanwhile reported a paid arrear)."""
    swap = _swap_or_404(request, reference)
    version, action = posted_version(request), request.POST.get("action", "")
    actor = Actor.for_user(request.user)
    if version is None or action not in ("finish", "failed", "rerun"):
        return _page(request, swap, error=_("Die Angaben sind unvollständig."), status=400)
    try:
        if action == "finish":
            services.checks_finish(swap, actor=actor, version=version)
        elif action == "failed":
            services.checks_failed(swap, actor=actor, version=version)
        else:
            services.checks_run(swap, actor=actor, version=version)
    except TicketError as error:
        return _refused(request, reference, error)
    return HttpResponseRedirect(reverse("backoffice:swap", args=[reference]))


@require_POST
@staff_required
def swap_decide(request: HttpRequest, reference: str) -> HttpResponse:
    swap = _swap_or_404(request, reference)
    form = DecisionForm(request.POST, swap=swap)
    if not form.is_valid():
        return _page(request, swap, error=_("Bitte prüfen Sie die Angaben."), status=400, decision=form)
    data = form.cleaned_data
    approve = data["outcome"] == "yes"
    try:
        services.swap_decide(
            swap,
            actor=Actor.for_user(request.user),
            approve=approve,
            reason=data["reason"],
            swap_date=data.get("swap_date"),
            terms=form.terms() if approve else None,
            version=data["version"],
        )
    except TicketError as error:
        return _refused(request, reference, error, decision=form)
    if approve:
        messages.success(
            request,
            _(
                "Tausch genehmigt: die Briefe gehen an beide, Kündigungen und neue Mietverträge "
                "sind angelegt."
            ),
        )
    else:
        messages.success(request, _("Tausch abgelehnt: die Briefe mit der Begründung gehen an beide."))
    return HttpResponseRedirect(reverse("backoffice:swap", args=[reference]))


@staff_required
def swap_letter(request: HttpRequest, reference: str, party_id: int) -> HttpResponse:
    """The decision letter to one applicant as PDF, once the decision is made."""
    swap = _swap_or_404(request, reference)
    step = swap.process.steps.filter(template__code="decision", state=ProcessStep.State.DONE).first()
    party = next((p for p in swap.parties() if p.pk == party_id), None)
    if step is None or party is None:
        raise Http404
    response = HttpResponse(
        render_letter(decision_letter(swap, party, step=step)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="wohnungstausch-{reference}-{party_id}.pdf"'
    return response


urlpatterns = [
    path("wohnungstausch/<ref:reference>/", swap_page, name="swap"),
    path("wohnungstausch/<ref:reference>/pruefung/", swap_checks, name="swap_checks"),
    path(
        "wohnungstausch/<ref:reference>/pruefung/<int:check_id>/freigeben/",
        swap_check_override,
        name="swap_check_override",
    ),
    path("wohnungstausch/<ref:reference>/entscheidung/", swap_decide, name="swap_decide"),
    path("wohnungstausch/<ref:reference>/brief/<int:party_id>.pdf", swap_letter, name="swap_letter"),
]
