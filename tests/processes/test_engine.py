"""The engine: steps in order, outcomes that jump, consents of several parties, the end of a process."""

import datetime as dt

import pytest

from processes import engine
from processes.models import Process, ProcessStep
from tickets.actors import Actor
from tickets.models import Ticket, TicketEvent
from tickets.status import Status

pytestmark = pytest.mark.django_db


def _notice(tenant, co_tenant, **data):
    return engine.start(
        "kuendigung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant, "co_tenant": [co_tenant]},
        data=data,
    )


def test_start_creates_a_routed_ticket_with_the_first_step_active(templates, tenant, co_tenant):
    process = _notice(tenant, co_tenant)

    assert process.ticket.item == templates["kuendigung"].catalog_item
    assert process.ticket.reporter == tenant
    assert process.ticket.unit == tenant.tenancies.get().unit
    assert process.current_step.code == "notice_form"
    assert process.state == Process.State.RUNNING
    states = list(process.steps.values_list("template__code", "state"))
    assert states[0] == ("notice_form", "active")
    assert {state for _, state in states[1:]} == {"pending"}


def test_steps_follow_in_order_and_each_is_a_timeline_row(templates, tenant, co_tenant, case_worker):
    process = _notice(tenant, co_tenant)
    engine.complete(
        process, "notice_form", actor=Actor.for_party(tenant), data={"move_out_date": "2027-03-31"}
    )
    engine.complete(process, "co_tenant_consent", actor=Actor.for_party(co_tenant), outcome="agreed")
    engine.complete(process, "confirmation", actor=Actor.for_user(case_worker), outcome="confirmed")

    assert process.current_step.code == "confirmation_letter"
    assert process.data["move_out_date"] == "2027-03-31"
    actions = list(
        TicketEvent.objects.filter(ticket=process.ticket, kind="process").values_list(
            "data__action", "data__step"
        )
    )
    assert actions == [
        ("process_started", None),
        ("step_started", "notice_form"),
        ("step_done", "notice_form"),
        ("step_started", "co_tenant_consent"),
        ("step_done", "co_tenant_consent"),
        ("step_started", "confirmation"),
        ("step_done", "confirmation"),
        ("step_started", "confirmation_letter"),
    ]


def test_a_consent_waits_for_every_co_tenant(templates, tenant, co_tenant):
    from tests.factories import PartyFactory, TenancyFactory

    third = TenancyFactory(unit=tenant.tenancies.get().unit, party=PartyFactory(salutation="Frau")).party
    process = _notice(tenant, co_tenant)
    engine.add_party(process, actor=Actor.system(), role="co_tenant", party=third)
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant))

    engine.complete(process, "co_tenant_consent", actor=Actor.for_party(co_tenant), outcome="agreed")
    assert process.current_step.code == "co_tenant_consent"

    engine.complete(process, "co_tenant_consent", actor=Actor.for_party(third), outcome="agreed")
    assert process.current_step.code == "confirmation"


def test_an_outcome_to_end_finishes_the_process_and_closes_its_ticket(
    templates, tenant, co_tenant, case_worker
):
    process = _notice(tenant, co_tenant)
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant))
    engine.complete(process, "co_tenant_consent", actor=Actor.for_party(co_tenant), outcome="refused")
    engine.complete(process, "confirmation", actor=Actor.for_user(case_worker), outcome="refused")

    process.refresh_from_db()
    assert process.state == Process.State.DONE
    assert process.outcome == "refused"
    assert process.current_step is None
    assert process.ticket.status == Status.DONE
    assert not process.steps.filter(state__in=["pending", "active"]).exists()


def test_escalation_goes_stage_by_stage(templates, tenant, neighbour, case_worker):
    process = engine.start(
        "nachbarschaftsstoerung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"complainant": tenant, "accused": neighbour},
    )
    staff = Actor.for_user(case_worker)
    engine.complete(process, "complaint_form", actor=Actor.for_party(tenant), data={"what": "Musik"})
    engine.complete(process, "nuisance_log", actor=staff, outcome="escalate")
    engine.complete(process, "talk", actor=staff, outcome="escalate")
    assert process.current_step.code == "warning"
    engine.complete(process, "warning", actor=staff, outcome="resolved")

    assert process.state == Process.State.DONE
    assert process.outcome == "resolved"
    assert list(process.steps.filter(state="skipped").values_list("template__code", flat=True)) == [
        "mediation",
        "legal",
    ]


def test_a_step_entered_again_gets_a_row_of_its_own(templates, tenant, case_worker):
    process = engine.start(
        "bauliche_veraenderung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant},
    )
    staff = Actor.for_user(case_worker)
    engine.complete(process, "request", actor=Actor.for_party(tenant))
    engine.complete(
        process, "decision", actor=staff, outcome="yes_with_conditions", data={"note": "Fachbetrieb"}
    )
    engine.complete(process, "conditions_letter", actor=staff)
    engine.complete(process, "check_inspection", actor=staff, outcome="defects")
    engine.complete(process, "check_inspection", actor=staff, outcome="passed")

    assert process.steps.filter(template__code="check_inspection", state="done").count() == 2
    assert process.current_step.code == "record"


def test_the_process_deadline_is_the_tickets_due_time(templates, tenant, co_tenant, case_worker):
    process = _notice(tenant, co_tenant)
    assert process.ticket.due_at is None  # the tenant's form has no deadline
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant))

    process.ticket.refresh_from_db()
    assert process.next_deadline is not None
    assert process.ticket.due_at == process.next_deadline == process.current_step.due_at


def test_a_wait_ends_when_its_date_comes(templates, tenant, co_tenant, case_worker):
    process = _notice(tenant, co_tenant)
    staff = Actor.for_user(case_worker)
    engine.complete(
        process, "notice_form", actor=Actor.for_party(tenant), data={"move_out_date": "2027-03-31"}
    )
    engine.skip(process, "co_tenant_consent", actor=staff)
    engine.complete(process, "confirmation", actor=staff, outcome="confirmed")
    for code in (
        "confirmation_letter",
        "pre_inspection_appointment",
        "pre_inspection",
        "final_inspection_appointment",
        "final_inspection",
    ):
        engine.complete(process, code, actor=staff)
    assert process.current_step.code == "wait_move_out"
    assert process.state == Process.State.WAITING
    wakes_at = process.current_step.due_at

    assert engine.wake_due_waits(now=wakes_at - dt.timedelta(minutes=1)) == 0
    assert engine.wake_due_waits(now=wakes_at) == 1
    process.refresh_from_db()
    assert process.current_step.template.code == "settlement"
    assert process.state == Process.State.RUNNING
    assert engine.wake_due_waits(now=wakes_at) == 0


def test_cancel_skips_what_is_left_and_rejects_the_ticket(templates, tenant, co_tenant, case_worker):
    process = _notice(tenant, co_tenant)
    engine.cancel(process, actor=Actor.for_user(case_worker), reason="Kündigung zurückgenommen")

    process.refresh_from_db()
    assert process.state == Process.State.CANCELLED
    assert process.ticket.status == Status.REJECTED
    assert process.ticket.status_reason == "Kündigung zurückgenommen"
    assert set(process.steps.values_list("state", flat=True)) == {ProcessStep.State.SKIPPED}


def test_the_last_step_closes_a_ticket_that_had_a_reply_meanwhile(templates, tenant, case_worker):
    from tickets.services import message_add

    staff = Actor.for_user(case_worker)
    process = engine.start(
        "bauliche_veraenderung", actor=staff, reporter_party=tenant, parties={"tenant": tenant}
    )
    engine.complete(process, "request", actor=staff)
    message_add(
        ticket=Ticket.objects.get(pk=process.ticket_id), actor=staff, kind="internal", body="Rückfrage"
    )

    engine.complete(process, "decision", actor=staff, outcome="no", data={"note": "Statik"})

    assert Ticket.objects.get(pk=process.ticket_id).status == Status.DONE


def test_a_party_added_and_changed_facts_read_as_what_happened_on_the_staff_timeline(
    templates, tenant, co_tenant
):
    from tests.factories import PartyFactory, TenancyFactory
    from tickets.event_text import describe

    third = TenancyFactory(unit=tenant.tenancies.get().unit, party=PartyFactory(salutation="Frau")).party
    process = _notice(tenant, co_tenant)
    engine.add_party(process, actor=Actor.system(), role="co_tenant", party=third)
    engine.update_data(process, actor=Actor.system(), data={"move_out_date": "2027-02-26"})

    rows = TicketEvent.objects.filter(ticket=process.ticket, data__action__in=["party_added", "data_changed"])
    titles = [describe(row, for_staff=True)[0] for row in rows.order_by("pk")]
    assert titles == [
        "Neu beteiligt am Vorgang Kündigung: Mitmieterin",
        "Angaben des Vorgangs geändert: Kündigung",
    ]
