"""What the engine refuses: a step not active, an actor whose role does not act, a missing outcome, a
stale save, a process already ended."""

import pytest

from processes import engine
from processes.errors import OutcomeRequired, ProcessEnded, StaleProcess, StepNotActive, StepNotAllowed
from tickets.actors import Actor
from tickets.errors import StaleTicket

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(templates, tenant, co_tenant):
    return engine.start(
        "kuendigung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant, "co_tenant": co_tenant},
    )


def test_a_step_that_is_not_active_is_refused(process, case_worker):
    with pytest.raises(StepNotActive):
        engine.complete(process, "confirmation", actor=Actor.for_user(case_worker), outcome="confirmed")


def test_a_role_that_does_not_act_in_the_step_is_refused(process, tenant, co_tenant, outsider):
    with pytest.raises(StepNotAllowed):
        engine.complete(process, "notice_form", actor=Actor.for_party(outsider))
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant))
    # The tenant may not give the co-tenant's consent, and neither may staff.
    with pytest.raises(StepNotAllowed):
        engine.complete(process, "co_tenant_consent", actor=Actor.for_party(tenant), outcome="agreed")


def test_staff_may_not_give_a_residents_consent(process, tenant, case_worker):
    engine.complete(process, "notice_form", actor=Actor.for_user(case_worker))  # from the tenant's letter
    with pytest.raises(StepNotAllowed):
        engine.complete(process, "co_tenant_consent", actor=Actor.for_user(case_worker), outcome="agreed")


def test_staff_who_may_not_see_the_ticket_may_not_act(process):
    from tests.factories import StaffFactory

    stranger = StaffFactory()
    process.ticket.restricted_to = StaffFactory()
    process.ticket.save()
    with pytest.raises(StepNotAllowed):
        engine.complete(process, "notice_form", actor=Actor.for_user(stranger))


def test_an_unknown_outcome_is_refused(process, tenant, co_tenant):
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant))
    with pytest.raises(OutcomeRequired):
        engine.complete(process, "co_tenant_consent", actor=Actor.for_party(co_tenant), outcome="maybe")


def test_a_stale_version_is_refused_with_the_projects_stale_error(process, tenant, case_worker):
    loaded = process.version
    engine.complete(process, "notice_form", actor=Actor.for_party(tenant), version=loaded)
    with pytest.raises(StaleProcess) as refused:
        engine.skip(process, "co_tenant_consent", actor=Actor.for_user(case_worker), version=loaded)
    assert isinstance(refused.value, StaleTicket)
    assert "in der Zwischenzeit geändert" in str(refused.value.message)
    process.refresh_from_db()
    assert process.current_step.template.code == "co_tenant_consent"


def test_an_ended_process_takes_no_more_steps(process, tenant, case_worker):
    engine.cancel(process, actor=Actor.for_user(case_worker), reason="zurückgenommen")
    with pytest.raises(ProcessEnded):
        engine.complete(process, "notice_form", actor=Actor.for_party(tenant))


def test_residents_may_not_cancel_or_name_parties(process, tenant, outsider):
    with pytest.raises(StepNotAllowed):
        engine.cancel(process, actor=Actor.for_party(tenant), reason="x")
    with pytest.raises(StepNotAllowed):
        engine.add_party(process, actor=Actor.for_party(tenant), role="co_tenant", party=outsider)


def test_a_template_tenants_may_not_start_is_refused_to_them(templates, tenant):
    templates["kuendigung"].tenant_may_start = False
    templates["kuendigung"].save()
    with pytest.raises(StepNotAllowed):
        engine.start("kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant)
