"""Tasks to a colleague: a follow-up for her, set on the ticket page or the person's 360° page, is in
her calendar, and she hears of it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import StaffFactory, TicketFactory
from tickets.models import FollowUp, TicketEvent

pytestmark = pytest.mark.django_db
CALENDAR = reverse("backoffice:calendar")


@pytest.fixture
def colleague(db):
    return StaffFactory(first_name="Petra", last_name="Kollegin")


def test_a_task_from_the_ticket_page_is_in_the_colleagues_calendar(staff_client, client, colleague):
    ticket = TicketFactory()
    url = reverse("backoffice:follow_up", args=[ticket.reference])
    day = timezone.localdate() + dt.timedelta(days=1)
    data = {
        "version": ticket.version,
        "due_on": day.isoformat(),
        "note": "Zähler ablesen",
        "owner": colleague.pk,
    }
    assert staff_client.post(url, data).status_code == 302
    assert FollowUp.objects.get(ticket=ticket).owner == colleague
    assert ticket.events.get(kind=TicketEvent.Kind.FOLLOW_UP).data["to_id"] == colleague.pk
    assert OutboxMessage.objects.filter(
        recipient_address=colleague.email, kind="follow_up_handed_over"
    ).exists()
    client.force_login(colleague)
    assert "Zähler ablesen" in client.get(CALENDAR, {"datum": day.isoformat()}).content.decode()


def test_a_task_from_the_person_page_is_in_the_colleagues_calendar(staff_client, client, tenant, colleague):
    ticket = TicketFactory(reporter=tenant)
    person = reverse("backoffice:person", args=[tenant.pk])
    page = staff_client.get(person).content.decode()
    assert "Aufgabe an Kollegin/Kollegen" in page
    day = timezone.localdate()
    data = {
        "ticket": ticket.pk,
        "owner": colleague.pk,
        "due_on": day.isoformat(),
        "note": "Mieterin zurückrufen",
    }
    response = staff_client.post(
        reverse("backoffice:person_task", args=[tenant.pk]), {f"aufgabe-{k}": v for k, v in data.items()}
    )
    assert response.status_code == 302
    assert "Aufgabe für Petra Kollegin" in staff_client.get(person).content.decode()
    client.force_login(colleague)
    assert "Mieterin zurückrufen" in client.get(CALENDAR).content.decode()


def test_a_task_needs_a_case_of_the_person(staff_client, tenant, colleague):
    other = TicketFactory()
    TicketFactory(reporter=tenant)
    data = {
        "ticket": other.pk,
        "owner": colleague.pk,
        "due_on": timezone.localdate().isoformat(),
        "note": "x",
    }
    response = staff_client.post(
        reverse("backoffice:person_task", args=[tenant.pk]), {f"aufgabe-{k}": v for k, v in data.items()}
    )
    assert response.status_code == 400
    assert not FollowUp.objects.exists()
