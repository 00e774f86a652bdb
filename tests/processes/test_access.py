"""The one door to who sees and does what: a table of each role against each step of a nuisance case
and an end of tenancy, and the processes each user finds."""

import pytest

from processes import access, engine
from tests.factories import StaffFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

NUISANCE_SEEN = {
    # step: roles that see it (staff on the case see everything)
    "complaint_form": {"complainant"},
    "nuisance_log": {"complainant"},
    "talk": {"complainant", "accused"},
    "warning": {"complainant", "accused"},
    "mediation": {"complainant", "accused"},
    "legal": {"complainant", "accused"},
}


@pytest.fixture
def nuisance(templates, tenant, neighbour):
    return engine.start(
        "nachbarschaftsstoerung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"complainant": tenant, "accused": neighbour},
    )


@pytest.fixture
def users(tenant, neighbour, outsider, case_worker):
    return {
        "complainant": tenant.user,
        "accused": neighbour.user,
        "outsider": outsider.user,
        "case_worker": case_worker,
    }


@pytest.mark.parametrize("role", ["complainant", "accused", "outsider", "case_worker"])
@pytest.mark.parametrize("code", list(NUISANCE_SEEN))
def test_nuisance_step_visibility(nuisance, users, role, code):
    step = nuisance.steps.get(template__code=code)
    expected = role == "case_worker" or role in NUISANCE_SEEN[code]
    assert access.may_see_step(nuisance, step, users[role]) is expected


def test_only_parties_and_staff_see_the_process(nuisance, users):
    assert access.may_see_process(nuisance, users["complainant"])
    assert access.may_see_process(nuisance, users["accused"])
    assert access.may_see_process(nuisance, users["case_worker"])
    assert not access.may_see_process(nuisance, users["outsider"])
    assert not access.may_see_process(nuisance, StaffFactory(is_active=False))


def test_the_accused_sees_neither_the_complaint_nor_the_log_and_each_stage_once_reached(nuisance, users):
    accused, complainant = users["accused"], users["complainant"]

    def seen(user):
        return [step.template.code for step in access.visible_steps(nuisance, user)]

    assert seen(accused) == []  # nothing reached yet that concerns them
    assert seen(complainant) == list(NUISANCE_SEEN)  # the complainant reads what may follow
    staff = Actor.for_user(users["case_worker"])
    engine.complete(nuisance, "complaint_form", actor=staff)
    engine.complete(nuisance, "nuisance_log", actor=staff, outcome="escalate")
    assert seen(accused) == ["talk"]
    engine.complete(nuisance, "talk", actor=staff, outcome="escalate")
    assert seen(accused) == ["talk", "warning"]


def test_roles(nuisance, users):
    assert access.roles_of(nuisance, users["complainant"]) == {"complainant"}
    assert access.roles_of(nuisance, users["accused"]) == {"accused"}
    assert access.roles_of(nuisance, users["outsider"]) == set()
    assert access.roles_of(nuisance, users["case_worker"]) == {"case_worker"}


def test_who_may_act_in_the_active_step(nuisance, users):
    step = nuisance.current_step
    assert step.template.code == "complaint_form"
    assert access.may_act(nuisance, step, users["complainant"])
    assert access.may_act(nuisance, step, users["case_worker"])  # a complaint taken on the phone
    assert not access.may_act(nuisance, step, users["accused"])
    assert not access.may_act(nuisance, step, users["outsider"])
    pending = nuisance.steps.get(template__code="talk")
    assert not access.may_act(nuisance, pending, users["case_worker"])


def test_processes_for_each_user(nuisance, users):
    assert list(access.processes_for(users["complainant"])) == [nuisance]
    assert list(access.processes_for(users["accused"])) == [nuisance]
    assert list(access.processes_for(users["outsider"])) == []
    assert list(access.processes_for(users["case_worker"])) == [nuisance]


def test_a_confidential_case_is_hidden_from_other_staff_unless_they_are_named(nuisance, users):
    colleague = StaffFactory()
    nuisance.ticket.restricted_to = users["case_worker"]
    nuisance.ticket.save()

    assert not access.may_see_process(nuisance, colleague)
    assert list(access.processes_for(colleague)) == []

    engine.add_party(nuisance, actor=Actor.for_user(users["case_worker"]), role="inspector", user=colleague)
    assert access.roles_of(nuisance, colleague) == {"inspector"}
    assert list(access.processes_for(colleague)) == [nuisance]
    assert access.may_see_step(nuisance, nuisance.steps.get(template__code="talk"), colleague) is False


def test_only_the_reporters_steps_are_public_in_the_ticket_timeline(nuisance, tenant):
    from tickets.models import TicketEvent

    rows = TicketEvent.objects.filter(ticket=nuisance.ticket, kind="process")
    assert rows.get(data__action="step_started", data__step="complaint_form").is_public
    engine.complete(nuisance, "complaint_form", actor=Actor.for_party(tenant))
    assert rows.get(data__action="step_started", data__step="nuisance_log").is_public
