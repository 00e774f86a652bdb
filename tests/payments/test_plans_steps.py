"""The process pages show the steps a plan's branch passes by as 'entfällt', not as 'folgt': the answer to a
counter-proposal once staff approved directly, the schedule once the proposal was refused or the
counter-proposal declined."""

import pytest
from django.urls import reverse

from payments.plans import plan_counter, plan_decline_counter, plan_refuse
from payments.schedule import Terms
from tickets.actors import Actor

from .plan_helpers import in_days, proposed, running

pytestmark = pytest.mark.django_db


def _steps(client, plan) -> str:
    page = client.get(reverse("portal:process", args=[plan.reference])).content.decode()
    return " ".join(page.split())


def _states(plan) -> dict:
    return dict(plan.process.steps.values_list("template__code", "state"))


def test_an_approved_plan_has_no_counter_proposal_to_answer(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    assert _states(plan) == {"decision": "done", "counter_answer": "skipped", "instalments": "active"}
    client.force_login(tenant.user)
    page = _steps(client, plan)
    assert "folgt" not in page and "entfällt" in page


def test_a_refused_or_declined_plan_has_no_schedule(money_templates, tenant, other_tenant, case_worker):
    staff = Actor.for_user(case_worker)
    refused = plan_refuse(proposed(tenant), actor=staff, reason="Gericht")
    assert _states(refused) == {"decision": "done", "counter_answer": "skipped", "instalments": "skipped"}
    countered = plan_counter(
        proposed(other_tenant), actor=staff, terms=Terms(refused.amount, 2, in_days(5), "monthly")
    )
    declined = plan_decline_counter(countered, actor=Actor.for_party(other_tenant))
    assert _states(declined) == {"decision": "done", "counter_answer": "done", "instalments": "skipped"}
