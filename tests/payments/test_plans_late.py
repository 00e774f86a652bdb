"""A late instalment: after its due date and the grace days the beat task marks it late and reminds the
tenant; still late after the second period, the case worker is told (a timeline row and their mail). The
days are passed in, never slept; a second run the same day sends nothing twice."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from payments.instalments import instalment_pay
from payments.models import Instalment
from payments.plan_reminders import check_instalments
from payments.tasks import check_instalments as beat_task
from tickets.actors import Actor
from tickets.models import TicketEvent

from .plan_helpers import in_days, running

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(money_templates, tenant, case_worker):
    plan = running(tenant, case_worker, amount="300.00", count=3, first_due=in_days(1))
    ticket = plan.process.ticket
    ticket.assignee = case_worker
    ticket.save(update_fields=["assignee"])
    return plan


def _rows(plan, action):
    return TicketEvent.objects.filter(ticket=plan.process.ticket, kind="process", data__action=action)


def test_late_reminds_the_tenant_then_tells_the_case_worker(client, plan, tenant, case_worker, settings):
    settings.PAYMENT_PLANS = {"grace_days": 5, "escalate_days": 14}
    due = plan.first_due

    # Within the grace days nothing happens.
    assert check_instalments(today=due + dt.timedelta(days=5)) == (0, 0)
    assert Instalment.objects.get(plan=plan, number=1).state == "planned"

    # The sixth day: late, the tenant reminded, a timeline row.
    late_day = due + dt.timedelta(days=6)
    assert check_instalments(today=late_day) == (1, 0)
    first = Instalment.objects.get(plan=plan, number=1)
    assert (first.state, first.late_since) == ("late", late_day)
    reminder = OutboxMessage.objects.get(kind="instalment_late", recipient_party=tenant)
    assert "Rate 1" in reminder.subject and "100,00 €" in reminder.body_text
    assert "IBAN DE02 1203 0000 0000 2020 51" in reminder.body_text  # where to pay, in the mail itself
    assert "„" + plan.reference + " Rate 1“" in reminder.body_text
    assert _rows(plan, "instalment_late").count() == 1
    assert check_instalments(today=late_day) == (0, 0)  # a second run the same day: nothing twice
    client.force_login(tenant.user)
    assert "überfällig" in client.get(reverse("portal:payment_plan", args=[plan.reference])).content.decode()

    # Still late 14 days on: the case worker hears of it.
    assert check_instalments(today=late_day + dt.timedelta(days=13)) == (0, 0)
    assert check_instalments(today=late_day + dt.timedelta(days=14)) == (0, 1)
    told = OutboxMessage.objects.get(kind="instalment_escalated")
    assert told.recipient_address == case_worker.email
    assert "Rate überfällig" in told.subject and "Erika Mustermann" in told.subject
    assert reverse("backoffice:payment_plan", args=[plan.reference]) in told.body_text
    assert ",\n\ndie Rate 1 über 100,00 €" in told.body_text  # after the greeting's comma, lower case
    assert "Kontakt mit Erika Mustermann auf" in told.body_text and "Mieter" not in told.body_text
    [row] = _rows(plan, "instalment_escalated")
    assert (row.data["instalment"], row.is_public) == (1, False)  # the case worker's matter
    assert check_instalments(today=late_day + dt.timedelta(days=15)) == (0, 0)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:payment_plan", args=[plan.reference])).content.decode()
    assert "Sachbearbeitung informiert am" in page


def test_a_late_instalment_can_still_be_paid(plan, case_worker):
    check_instalments(today=plan.first_due + dt.timedelta(days=6))
    late = Instalment.objects.get(plan=plan, number=1)
    instalment_pay(late, actor=Actor.for_user(case_worker))
    late.refresh_from_db()
    assert late.state == "paid"


def test_nothing_is_late_once_the_plan_ended(plan, case_worker):
    from payments.plans import plan_end

    plan_end(plan, actor=Actor.for_user(case_worker), end_reason="uncollectible", reason="Privatinsolvenz")
    assert check_instalments(today=plan.first_due + dt.timedelta(days=60)) == (0, 0)
    assert not OutboxMessage.objects.filter(kind="instalment_late").exists()


def test_the_beat_task_runs_the_check(plan):
    assert beat_task() == (0, 0)  # nothing due today
