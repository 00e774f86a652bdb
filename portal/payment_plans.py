"""Ratenzahlung in the portal: the tenant's payment arrangements (with what they owe, as the ERP last
reported it), a proposal (amount, number of instalments, first date, interval), a plan's page with its
schedule and next instalment, the answer to staff's counter-proposal, and the confirmation letter as
PDF. What a resident may see is processes.access' (payments.plans.visible_plans); anything else is 404."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from notifications.letters import render_letter
from notifications.process_mail.plans import plan_letter
from payments import arrears, epc, plans
from payments.models import Instalment, PaymentPlan
from payments.plan_form import TermsForm
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import current_party, resident_required


def _plans(request: HttpRequest):
    return plans.visible_plans(request.user).filter(party=current_party(request))


def _plan_or_404(request: HttpRequest, reference: str) -> PaymentPlan:
    plan = (
        _plans(request)
        .select_related("process__ticket", "process__current_step__template", "party")
        .filter(process__ticket__reference=reference)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@resident_required
def plan_list(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    rows = (
        _plans(request).select_related("process__ticket").with_schedule().order_by("-created_at", "-pk")[:50]
    )
    rows = list(rows)
    return render(
        request,
        "portal/payments/plans.html",
        {
            "plans": rows,
            "arrear": arrears.open_arrear(party),
            "may_propose": not any(p.state in PaymentPlan.OPEN_STATES for p in rows),
        },
    )


def _form_page(request: HttpRequest, form: TermsForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/payments/plan_new.html",
        {"form": form, "arrear": arrears.open_arrear(current_party(request))},
        status=status,
    )


@resident_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    pending = plans.open_plan(party)
    if pending is not None:
        messages.info(request, gettext("Sie haben bereits eine Ratenzahlung beantragt oder vereinbart."))
        return redirect("portal:payment_plan", pending.reference)
    if request.method == "GET":
        arrear = arrears.open_arrear(party)
        return _form_page(
            request,
            TermsForm(
                initial={
                    "amount": f"{arrear.amount:.2f}".replace(".", ",") if arrear else "",
                    "interval": PaymentPlan.Interval.MONTHLY,
                }
            ),
        )
    form = TermsForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        plan = plans.plan_propose(
            party=party,
            terms=form.cleaned_data["terms"],
            actor=Actor.for_user(request.user),
            note=form.cleaned_data["note"],
        )
    except TicketError as error:
        form.add_error(None, str(error.message))
        return _form_page(request, form, status=409)
    messages.success(
        request, gettext("Ihr Vorschlag ist eingegangen. Wir prüfen ihn und melden uns bei Ihnen.")
    )
    return redirect("portal:payment_plan", plan.reference)


def _page(request: HttpRequest, plan: PaymentPlan, *, status: int = 200) -> HttpResponse:
    instalments = list(plan.instalments.order_by("number"))
    following = next((i for i in instalments if i.is_open), None)
    return render(
        request,
        "portal/payments/plan.html",
        {
            "plan": plan,
            "instalments": instalments,
            "next_instalment": following,
            "paid_total": sum((i.amount for i in instalments if i.state == Instalment.State.PAID), start=0),
            "open_total": sum((i.amount for i in instalments if i.is_open), start=0),
            "today": timezone.localdate(),
            "awaits_answer": plan.state == PaymentPlan.State.COUNTERED,
            "counter_expired": plan.state == PaymentPlan.State.COUNTERED and plans.first_date_passed(plan),
            # Where to pay, as the confirmation letter says it.
            "creditor_name": settings.PAYMENTS["creditor_name"],
            "iban": epc.grouped_iban(settings.PAYMENTS["iban"]),
        },
        status=status,
    )


@resident_required
def plan_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _plan_or_404(request, reference))


@resident_required
@require_POST
def plan_answer(request: HttpRequest, reference: str) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, gettext("Bitte nehmen Sie den Vorschlag an oder lehnen Sie ihn ab."))
        return _page(request, plan, status=400)
    actor = Actor.for_user(request.user)
    try:
        if answer == "accept":
            plans.plan_accept_counter(plan, actor=actor)
            messages.success(request, gettext("Vielen Dank. Ihre Ratenzahlung ist vereinbart."))
        else:
            plans.plan_decline_counter(plan, actor=actor)
            messages.info(request, gettext("Sie haben den Vorschlag abgelehnt."))
    except TicketError as error:
        messages.error(request, str(error.message))
        return _page(request, plan, status=409)
    return redirect("portal:payment_plan", plan.reference)


@resident_required
def plan_letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    plan = _plan_or_404(request, reference)
    if not plan.instalments.exists():
        raise Http404  # no agreement yet: nothing to confirm
    response = HttpResponse(render_letter(plan_letter(plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Ratenzahlung-{plan.reference}.pdf"'
    return response


urlpatterns = [
    path("ratenzahlung/", plan_list, name="payment_plans"),
    path("ratenzahlung/vorschlagen/", plan_new, name="payment_plan_new"),
    path("ratenzahlung/<ref:reference>/", plan_detail, name="payment_plan"),
    path("ratenzahlung/<ref:reference>/antwort/", plan_answer, name="payment_plan_answer"),
    path("ratenzahlung/<ref:reference>/bestaetigung.pdf", plan_letter_pdf, name="payment_plan_letter"),
]
