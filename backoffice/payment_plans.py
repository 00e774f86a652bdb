"""Ratenzahlungen in the back-office: the list (open first, late instalments counted), a proposal staff
enter after a phone call (from the 360° view), and a plan's page: approve, refuse with a reason or
counter-propose; once running, mark an instalment paid or waive it, or end the plan (uncollectible,
broken). Every form carries the process version: a page someone else changed meanwhile is refused (409)
and shown again as it is now. Every change goes through payments.plans and payments.instalments."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from estate.fields import TextField
from estate.models import Party
from notifications.letters import render_letter
from notifications.process_mail.plans import plan_letter
from payments import arrears, instalments, plans
from payments import requests as payment_requests
from payments.models import Instalment, PaymentPlan
from payments.plan_form import StaffTermsForm
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import posted_version, staff_required

PAGE_SIZE = 50


class ReasonForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Bitte geben Sie eine Begründung an.")},
    )

    def __init__(self, *args, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        # The tenant reads it in their mail: the label names them.
        self.fields["reason"].label = _("Begründung für %(name)s") % {"name": party.display_name}


class EndForm(ReasonForm):
    field_order = ["end_reason", "reason"]

    end_reason = forms.ChoiceField(
        label=gettext_lazy("Grund der Beendigung"),
        choices=[(c, label) for c, label in PaymentPlan.EndReason.choices if c in plans.END_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie den Grund der Beendigung.")},
    )


class PaidForm(forms.Form):
    """Staff saw the money on the statement: the day and the amount they saw, both required, so a
    payment is never marked without them (the service refuses an amount other than the one asked).
    The Zahlungsaufforderung's page uses it too."""

    paid_on = forms.DateField(
        label=gettext_lazy("bezahlt am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Bitte geben Sie das Zahlungsdatum an."),
            "invalid": gettext_lazy("Bitte geben Sie ein gültiges Datum an."),
        },
    )
    amount = forms.CharField(
        label=gettext_lazy("gezahlter Betrag (€)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Bitte geben Sie den gezahlten Betrag an.")},
    )

    def clean_paid_on(self) -> dt.date:
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Das Zahlungsdatum liegt in der Zukunft."))
        return day

    def clean_amount(self) -> Decimal:
        return payment_requests.clean_amount(self.cleaned_data["amount"])

    @classmethod
    def for_amount(cls, amount: Decimal) -> "PaidForm":
        """The empty form, with today and the amount asked for filled in."""
        initial = {"paid_on": timezone.localdate(), "amount": f"{amount:.2f}".replace(".", ",")}
        return cls(prefix="paid", initial=initial)


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("stand", "open")
    if state not in PaymentPlan.State.values:
        state = "open"  # the default, also for a value no form offers
    found = plans.visible_plans(request.user).select_related("party", "process__ticket")
    found = found.open() if state == "open" else found.filter(state=state)
    rows = found.with_schedule().order_by("-late", "next_due", "-created_at", "-pk")[:PAGE_SIZE]
    return render(
        request,
        "backoffice/payments/plan_list.html",
        {"plans": rows, "state": state, "states": PaymentPlan.State.choices},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def plan_new(request: HttpRequest, party_id: int) -> HttpResponse:
    """After a phone call: staff enter the tenant's proposal; it waits for the decision like any other."""
    party = get_object_or_404(Party, pk=party_id)
    arrear = arrears.open_arrear(party)
    if request.method == "POST":
        form = StaffTermsForm(request.POST, party=party)
        if form.is_valid():
            try:
                plan = plans.plan_propose(
                    party=party,
                    terms=form.cleaned_data["terms"],
                    actor=Actor.for_user(request.user),
                    note=form.cleaned_data["note"],
                )
            except TicketError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Der Vorschlag ist erfasst."))
                return HttpResponseRedirect(reverse("backoffice:payment_plan", args=[plan.reference]))
        status = 400
    else:
        form = StaffTermsForm(
            party=party,
            initial={
                "amount": f"{arrear.amount:.2f}".replace(".", ",") if arrear else "",
                "first_due": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
                "interval": PaymentPlan.Interval.MONTHLY,
            },
        )
        status = 200
    return render(
        request,
        "backoffice/payments/plan_new.html",
        {"party": party, "form": form, "arrear": arrear},
        status=status,
    )


def _plan_or_404(request: HttpRequest, reference: str) -> PaymentPlan:
    plan = (
        plans.visible_plans(request.user)
        .select_related("party", "arrear", "process__ticket__assignee", "process__current_step__template")
        .filter(process__ticket__reference=reference)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def _page(
    request: HttpRequest, plan: PaymentPlan, *, status: int = 200, error: str = "", **forms_
) -> HttpResponse:
    rows = list(plan.instalments.order_by("number"))
    for row in rows:  # each row's form shows its own amount; a refused one comes back with its errors
        bad = forms_.get("instalment") == row.number and forms_.get("paid_form")
        row.paid_form = bad or PaidForm.for_amount(row.amount)
    step = plan.process.current_step
    return render(
        request,
        "backoffice/payments/plan_detail.html",
        {
            "plan": plan,
            "process": plan.process,
            "step_code": step.template.code if step else "",
            "instalments": rows,
            "next_instalment": next((i for i in rows if i.is_open), None),
            "paid_total": sum((i.amount for i in rows if i.state == Instalment.State.PAID), start=0),
            "open_total": sum((i.amount for i in rows if i.is_open), start=0),
            "arrear": arrears.open_arrear(plan.party),
            "counter_expired": plan.state == PaymentPlan.State.COUNTERED and plans.first_date_passed(plan),
            "error": error,
            "refuse_form": forms_.get("refuse_form") or ReasonForm(prefix="refuse", party=plan.party),
            "counter_form": forms_.get("counter_form")
            or StaffTermsForm(prefix="counter", initial=_terms_initial(plan), party=plan.party),
            "end_form": forms_.get("end_form") or EndForm(prefix="end", party=plan.party),
            "waive_form": forms_.get("waive_form") or ReasonForm(prefix="waive", party=plan.party),
            "bad_instalment": forms_.get("instalment"),
        },
        status=status,
    )


def _terms_initial(plan: PaymentPlan) -> dict:
    return {
        "amount": f"{plan.amount:.2f}".replace(".", ","),
        "count": plan.instalment_count,
        "first_due": plan.first_due.isoformat(),
        "interval": plan.interval,
    }


def _refused(request: HttpRequest, reference: str, error: Exception, **forms_) -> HttpResponse:
    plan = _plan_or_404(request, reference)  # as it is now
    message = getattr(error, "message", None) or str(error)
    return _page(
        request, plan, status=409 if isinstance(error, StaleTicket) else 400, error=str(message), **forms_
    )


def _done(request: HttpRequest, plan: PaymentPlan, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("backoffice:payment_plan", args=[plan.reference]))


@staff_required
def plan_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _plan_or_404(request, reference))


@require_POST
@staff_required
def plan_decide(request: HttpRequest, reference: str) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    actor, version = Actor.for_user(request.user), posted_version(request)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            plans.plan_approve(plan, actor=actor, version=version)
            return _done(request, plan, _("Die Ratenzahlung ist genehmigt; der Ratenplan läuft."))
        if decision == "refuse":
            form = ReasonForm(request.POST, prefix="refuse", party=plan.party)
            if not form.is_valid():
                return _page(request, plan, status=400, refuse_form=form)
            plans.plan_refuse(plan, actor=actor, reason=form.cleaned_data["reason"], version=version)
            return _done(request, plan, _("Die Ratenzahlung ist abgelehnt."))
        if decision == "counter":
            form = StaffTermsForm(request.POST, prefix="counter", party=plan.party)
            if not form.is_valid():
                return _page(request, plan, status=400, counter_form=form)
            plans.plan_counter(
                plan,
                actor=actor,
                terms=form.cleaned_data["terms"],
                reason=form.cleaned_data["note"],
                version=version,
            )
            return _done(
                request,
                plan,
                _("Der Gegenvorschlag ist an %(name)s gesendet.") % {"name": plan.party.display_name},
            )
    except (TicketError, ValidationError) as error:
        return _refused(request, reference, error)
    return _page(request, plan, status=400, error=_("Bitte wählen Sie eine Entscheidung."))


@require_POST
@staff_required
def plan_end(request: HttpRequest, reference: str) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    form = EndForm(request.POST, prefix="end", party=plan.party)
    if not form.is_valid():
        return _page(request, plan, status=400, end_form=form)
    try:
        plans.plan_end(
            plan,
            actor=Actor.for_user(request.user),
            end_reason=form.cleaned_data["end_reason"],
            reason=form.cleaned_data["reason"],
            version=posted_version(request),
        )
    except (TicketError, ValidationError) as error:
        return _refused(request, reference, error)
    return _done(request, plan, _("Die Ratenzahlung ist beendet."))


def _instalment(plan: PaymentPlan, number: int) -> Instalment:
    found = plan.instalments.filter(number=number).first()
    if found is None:
        raise Http404
    return found


@require_POST
@staff_required
def instalment_paid(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    instalment = _instalment(plan, number)
    form = PaidForm(request.POST, prefix="paid")
    if not form.is_valid():
        return _page(request, plan, status=400, paid_form=form, instalment=number)
    try:
        instalments.instalment_pay(
            instalment,
            actor=Actor.for_user(request.user),
            paid_on=form.cleaned_data["paid_on"],
            amount=form.cleaned_data["amount"],
            version=posted_version(request),
        )
    except (TicketError, ValidationError) as error:
        return _refused(request, reference, error, paid_form=form, instalment=number)
    return _done(request, plan, _("Rate %(number)s ist als bezahlt vermerkt.") % {"number": number})


@require_POST
@staff_required
def instalment_waive(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    instalment = _instalment(plan, number)
    form = ReasonForm(request.POST, prefix="waive", party=plan.party)
    if not form.is_valid():
        return _page(request, plan, status=400, waive_form=form, instalment=number)
    try:
        instalments.instalment_waive(
            instalment,
            actor=Actor.for_user(request.user),
            reason=form.cleaned_data["reason"],
            version=posted_version(request),
        )
    except (TicketError, ValidationError) as error:
        return _refused(request, reference, error, waive_form=form, instalment=number)
    return _done(request, plan, _("Rate %(number)s ist erlassen.") % {"number": number})


@staff_required
def plan_letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The confirmation letter as the tenant has it (Dokumente), to read or print on a call."""
    plan = _plan_or_404(request, reference)
    if not plan.instalments.exists():
        raise Http404  # no agreement yet: nothing to confirm
    response = HttpResponse(render_letter(plan_letter(plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Ratenzahlung-{plan.reference}.pdf"'
    return response


urlpatterns = [
    path("ratenzahlungen/", plan_list, name="payment_plans"),
    path("personen/<int:party_id>/ratenzahlung/", plan_new, name="payment_plan_new"),
    path("ratenzahlungen/<ref:reference>/", plan_detail, name="payment_plan"),
    path("ratenzahlungen/<ref:reference>/entscheidung/", plan_decide, name="payment_plan_decide"),
    path("ratenzahlungen/<ref:reference>/beenden/", plan_end, name="payment_plan_end"),
    path("ratenzahlungen/<ref:reference>/bestaetigung.pdf", plan_letter_pdf, name="payment_plan_letter"),
    path(
        "ratenzahlungen/<ref:reference>/raten/<int:number>/bezahlt/", instalment_paid, name="instalment_paid"
    ),
    path(
        "ratenzahlungen/<ref:reference>/raten/<int:number>/erlassen/",
        instalment_waive,
        name="instalment_waive",
    ),
]
