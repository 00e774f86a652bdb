"""The queue at a glance: whose turn it is on each case, and how many tickets each tab holds."""

import pytest
from django.urls import reverse

from backoffice import tab_counts
from tests.factories import TicketFactory
from tickets.actors import Actor
from tickets.models import Message
from tickets.services import message_add

pytestmark = pytest.mark.django_db
QUEUE = reverse("backoffice:queue")


def _row(client, ticket):
    return next(r for r in client.get(QUEUE, {"view": "mine"}).context["rows"] if r.pk == ticket.pk)


def test_marker_follows_the_last_public_message(staff_client, case_worker, tenant):
    ticket = TicketFactory(assignee=case_worker, reporter=tenant)
    message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Noch kaputt.")
    assert _row(staff_client, ticket).awaiting == "us"
    assert "wartet auf uns" in staff_client.get(QUEUE, {"view": "mine"}).content.decode()
    message_add(
        ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.PUBLIC, body="Kommt morgen."
    )
    page = staff_client.get(QUEUE, {"view": "mine"}).content.decode()
    assert "wartet auf Mieter/in" in page and "wartet auf uns" not in page


def test_an_internal_note_does_not_change_whose_turn_it_is(case_worker, tenant):
    ticket = TicketFactory(assignee=case_worker, reporter=tenant)
    message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Hallo?")
    message_add(ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.INTERNAL, body="intern")
    ticket.refresh_from_db()
    assert ticket.awaiting == "us"


def test_tabs_show_their_counts(staff_client, case_worker):
    TicketFactory.create_batch(3, assignee=case_worker)
    TicketFactory.create_batch(2, assignee=None)
    views = {key: count for key, _label, count in staff_client.get(QUEUE).context["views"]}
    assert views["mine"] == "3"
    assert views["unassigned"] == "2"
    assert views["all"] == "5"


def test_counting_stops_at_the_cap(staff_client, case_worker, monkeypatch):
    monkeypatch.setattr(tab_counts, "CAP", 3)
    TicketFactory.create_batch(4, assignee=case_worker)
    views = {key: count for key, _label, count in staff_client.get(QUEUE).context["views"]}
    assert views["mine"] == "2+"
    assert 'class="bo-tab-count">2+<' in staff_client.get(QUEUE).content.decode()
