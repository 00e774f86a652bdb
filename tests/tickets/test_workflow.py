"""The status workflow: who may make which move, every move in the timeline, stale saves refused."""

import pytest

from tests.factories import CaretakerAssignmentFactory, ContractorFactory, StaffFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.errors import ReasonRequired, StaleTicket, TransitionNotAllowed
from tickets.models import Ticket, TicketEvent
from tickets.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return Actor.for_user(StaffFactory())


def test_staff_release_records_the_move_in_the_timeline(staff):
    ticket = TicketFactory()
    contractor = ContractorFactory()
    workflow.release(ticket, actor=staff, contractor=contractor, note="Bitte bis Freitag")
    ticket.refresh_from_db()
    assert ticket.status == Status.RELEASED
    assert ticket.contractor == contractor
    assert ticket.version == 2
    event = ticket.events.get(kind=TicketEvent.Kind.STATUS)
    assert event.data["old"] == Status.OPEN
    assert event.data["new"] == Status.RELEASED
    assert event.data["note"] == "Bitte bis Freitag"
    assert event.actor == staff.user


def test_reject_needs_a_reason_the_reporter_sees(staff):
    ticket = TicketFactory()
    with pytest.raises(ReasonRequired):
        workflow.change_status(ticket, to=Status.REJECTED, actor=staff, reason="  ")
    workflow.change_status(ticket, to=Status.REJECTED, actor=staff, reason="Doppelte Meldung")
    ticket.refresh_from_db()
    assert ticket.status_reason == "Doppelte Meldung"
    assert ticket.closed_at is not None
    assert ticket.events.get(kind=TicketEvent.Kind.STATUS).is_public


def test_staff_can_reopen_a_done_ticket(staff):
    ticket = TicketFactory(status=Status.DONE)
    workflow.change_status(ticket, to=Status.OPEN, actor=staff)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.closed_at is None


def test_staff_cannot_move_done_straight_to_in_progress(staff):
    ticket = TicketFactory(status=Status.DONE)
    with pytest.raises(TransitionNotAllowed):
        workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=staff)


def test_tenant_never_changes_a_status(tenant):
    ticket = TicketFactory(reporter=tenant)
    for to in Status.values:
        with pytest.raises(TransitionNotAllowed):
            workflow.change_status(ticket, to=to, actor=Actor.for_party(tenant))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert not ticket.events.exists()


def test_contractor_moves_only_forward_on_their_own_job():
    contractor = ContractorFactory()
    ticket = TicketFactory(status=Status.RELEASED, contractor=contractor)
    actor = Actor.for_contractor(contractor)
    assert workflow.allowed_moves(ticket, actor) == {Status.IN_PROGRESS}
    workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=actor)
    workflow.change_status(ticket, to=Status.DONE, actor=actor)
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert list(ticket.events.values_list("actor_label", flat=True)) == [contractor.name, contractor.name]


def test_contractor_cannot_touch_someone_elses_job():
    ticket = TicketFactory(status=Status.RELEASED, contractor=ContractorFactory())
    with pytest.raises(TransitionNotAllowed):
        workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=Actor.for_contractor(ContractorFactory()))


def test_contractor_cannot_progress_where_the_rule_forbids_it():
    contractor = ContractorFactory()
    ticket = TicketFactory(status=Status.RELEASED, contractor=contractor, contractor_may_progress=False)
    assert workflow.allowed_moves(ticket, Actor.for_contractor(contractor)) == set()


def test_contractor_cannot_reject_or_reopen():
    contractor = ContractorFactory()
    ticket = TicketFactory(status=Status.IN_PROGRESS, contractor=contractor)
    for to in (Status.REJECTED, Status.OPEN, Status.RELEASED):
        with pytest.raises(TransitionNotAllowed):
            workflow.change_status(ticket, to=to, actor=Actor.for_contractor(contractor), reason="x")


def test_caretaker_does_the_work_released_to_them():
    caretaker = CaretakerAssignmentFactory().party
    ticket = TicketFactory(status=Status.RELEASED, caretaker=caretaker)
    workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=Actor.for_party(caretaker))
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_stale_version_is_refused_and_nothing_is_written(staff):
    ticket = TicketFactory()
    first = Ticket.objects.get(pk=ticket.pk)
    second = Ticket.objects.get(pk=ticket.pk)
    workflow.change_status(first, to=Status.IN_PROGRESS, actor=staff)
    with pytest.raises(StaleTicket):
        workflow.change_status(second, to=Status.REJECTED, actor=staff, reason="Erledigt sich")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.events.count() == 1


def test_explicit_expected_version_from_a_form_is_checked(staff):
    ticket = TicketFactory()
    with pytest.raises(StaleTicket):
        workflow.change_status(
            ticket, to=Status.IN_PROGRESS, actor=staff, expected_version=ticket.version + 5
        )


def test_priority_change_needs_a_reason_and_is_recorded(staff):
    ticket = TicketFactory()
    with pytest.raises(ReasonRequired):
        workflow.change_priority(ticket, actor=staff, priority="high", reason="")
    workflow.change_priority(ticket, actor=staff, priority="high", reason="Kleinkind im Haushalt")
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    event = ticket.events.get(kind=TicketEvent.Kind.PRIORITY)
    assert event.data["reason"] == "Kleinkind im Haushalt"
    assert event.data["old"]["priority"] == "normal"
