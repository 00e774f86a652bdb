"""Watchers: colleagues added on the ticket page or by an @-mention in an internal note hear what the
assignee hears (a tenant's reply here), once each, and never of what they did themselves."""

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import StaffFactory, TicketFactory
from tickets.actors import Actor
from tickets.models import Message, TicketEvent
from tickets.services import message_add
from tickets.watchers import mentioned_usernames, watcher_add

pytestmark = pytest.mark.django_db


def told(ticket, user, kind="tenant_reply") -> int:
    return OutboxMessage.objects.filter(ticket=ticket, recipient_address=user.email, kind=kind).count()


def tenant_replies(ticket, tenant) -> None:
    message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Noch da.")


def test_a_watcher_added_by_hand_hears_of_a_tenant_reply(staff_client, case_worker, tenant):
    ticket = TicketFactory(reporter=tenant, assignee=case_worker)
    colleague = StaffFactory(username="mmueller")
    url = reverse("backoffice:watcher_add", args=[ticket.reference])
    assert staff_client.post(url, {"beobachten-user": colleague.pk}).status_code == 302
    assert staff_client.post(url, {"beobachten-user": colleague.pk}).status_code == 302
    assert ticket.events.filter(kind=TicketEvent.Kind.WATCHER).count() == 1
    assert (
        str(colleague)
        in staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    )
    tenant_replies(ticket, tenant)
    assert told(ticket, colleague) == 1
    assert told(ticket, case_worker) == 1


def test_a_colleague_mentioned_in_an_internal_note_watches_and_hears(case_worker, tenant):
    ticket = TicketFactory(reporter=tenant, assignee=case_worker)
    colleague = StaffFactory(username="Mmueller")
    message_add(
        ticket=ticket,
        actor=Actor.for_user(case_worker),
        kind=Message.Kind.INTERNAL,
        body="@mmueller kannst du dir das ansehen? Kopie an mieter@example.org",
    )
    event = ticket.events.get(kind=TicketEvent.Kind.WATCHER)
    assert event.data["user_id"] == colleague.pk and event.data["via"] == "mention"
    tenant_replies(ticket, tenant)
    assert told(ticket, colleague) == 1


def test_a_mention_in_a_public_reply_adds_nobody(case_worker, tenant):
    ticket = TicketFactory(reporter=tenant, assignee=case_worker)
    StaffFactory(username="mmueller")
    message_add(ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.PUBLIC, body="@mmueller")
    assert not ticket.watchers.exists()


def test_the_actor_is_not_told_of_her_own_change_and_the_assignee_once(case_worker):
    ticket = TicketFactory(assignee=None)
    lead = StaffFactory()
    watcher_add(ticket=ticket, user=lead, actor=Actor.for_user(lead))
    watcher_add(ticket=ticket, user=case_worker, actor=Actor.for_user(lead))
    from tickets import workflow

    workflow.reassign(ticket, actor=Actor.for_user(lead), assignee=case_worker, reason="")
    assert told(ticket, lead, kind="ticket_assigned") == 0
    assert told(ticket, case_worker, kind="ticket_assigned") == 1


def test_mentions_are_usernames_not_mail_addresses():
    assert mentioned_usernames("@anna.k, bitte an info@firma.de; @Bernd!") == {"anna.k", "bernd"}
