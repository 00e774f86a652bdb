"""The status mail of a finished job asks its reporter, and only the reporter, for a rating."""

from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import TicketFactory
from tickets import workflow
from tickets.actors import Actor


def test_the_done_mail_carries_the_rating_link(tenant, unit, case_worker):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, status="in_progress")
    workflow.change_status(ticket, to="done", actor=Actor.for_user(case_worker))
    message = OutboxMessage.objects.get(kind="status_changed")
    assert reverse("portal:feedback", args=[ticket.reference]) in message.body_text


def test_other_status_mails_do_not_ask(tenant, unit, case_worker):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, status="open")
    workflow.change_status(ticket, to="released", actor=Actor.for_user(case_worker))
    message = OutboxMessage.objects.get(kind="status_changed")
    assert "bewertung" not in message.body_text
