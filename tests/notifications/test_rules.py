"""Who is told what: the reporter, followers, the assignee, the team lead, and digest readers."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications import digest, rules
from notifications.models import OutboxMessage
from tests.factories import AffectedPartyFactory, PartyFactory, StaffFactory, TeamFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import Message, Visibility
from tickets.overdue import mark_overdue_tickets
from tickets.services import message_add
from tickets.status import Status

pytestmark = pytest.mark.django_db


def kinds_for(ticket, address):
    return list(
        OutboxMessage.objects.filter(ticket=ticket, recipient_address=address)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_status_change_tells_reporter_and_followers(report, tenant, other_tenant, case_worker):
    ticket = report(visibility=Visibility.PUBLIC)
    AffectedPartyFactory(ticket=ticket, party=other_tenant)
    muted = AffectedPartyFactory(ticket=ticket, party=PartyFactory(), notify=False)
    workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=Actor.for_user(case_worker))
    assert kinds_for(ticket, tenant.email) == ["ticket_created", "status_changed"]
    assert kinds_for(ticket, other_tenant.email) == ["status_changed"]
    assert kinds_for(ticket, muted.party.email) == []


def test_reporter_who_switched_tracking_off_hears_nothing_of_status(report, tenant, case_worker):
    ticket = report()
    ticket.tracking_enabled = False
    workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=Actor.for_user(case_worker))
    assert kinds_for(ticket, tenant.email) == ["ticket_created"]


def test_public_reply_goes_to_reporter_and_tenant_reply_to_assignee(report, tenant, case_worker):
    ticket = report()
    message_add(
        ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.PUBLIC, body="Wir kommen."
    )
    message_add(ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.INTERNAL, body="intern")
    message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Danke!")
    assert kinds_for(ticket, tenant.email) == ["ticket_created", "public_reply"]
    assert kinds_for(ticket, case_worker.email) == ["ticket_assigned", "tenant_reply"]
    reply = OutboxMessage.objects.get(kind="public_reply")
    assert "Wir kommen." in reply.body_text


def test_new_assignee_is_told(report, case_worker):
    ticket = report()
    colleague = StaffFactory()
    workflow.reassign(ticket, actor=Actor.for_user(case_worker), assignee=colleague)
    assert kinds_for(ticket, colleague.email) == ["ticket_assigned"]


def test_overdue_warns_assignee_then_team_lead_once(report, case_worker):
    ticket = report()
    lead = StaffFactory()
    ticket.team = TeamFactory(lead=lead)
    ticket.due_at = timezone.now() - dt.timedelta(hours=1)
    ticket.save(update_fields=["team", "due_at"])
    mark_overdue_tickets()
    assert kinds_for(ticket, case_worker.email)[-1] == "overdue"
    assert rules.escalate_overdue() == 0  # the assignee gets a day first
    later = timezone.now() + rules.ESCALATE_AFTER + dt.timedelta(minutes=1)
    rules.escalate_overdue(now=later)
    rules.escalate_overdue(now=later)
    assert kinds_for(ticket, lead.email) == ["overdue_lead"]


def test_digest_readers_get_one_mail_a_day(report, case_worker):
    case_worker.wants_digest = True
    case_worker.save(update_fields=["wants_digest"])
    first, second = report(), report()
    held = OutboxMessage.objects.filter(recipient_address=case_worker.email)
    assert set(held.values_list("state", flat=True)) == {OutboxMessage.State.HELD}
    assert digest.send_digests() == 1
    assert digest.send_digests() == 0
    summary = OutboxMessage.objects.get(kind="digest")
    assert summary.state == OutboxMessage.State.PENDING
    assert first.reference in summary.body_text and second.reference in summary.body_text
    assert set(held.exclude(kind="digest").values_list("state", flat=True)) == {OutboxMessage.State.DIGESTED}
