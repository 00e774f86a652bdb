"""Ending a follow-up from the ticket page: the queue's "Wiedervorlage heute" and the calendar update."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FollowUpFactory, StaffFactory, TicketFactory
from tickets.models import TicketEvent
from tickets.status import Status

pytestmark = pytest.mark.django_db
QUEUE = reverse("backoffice:queue")
CALENDAR = reverse("backoffice:calendar")


@pytest.fixture
def follow_up(case_worker):
    ticket = TicketFactory(assignee=case_worker)
    return FollowUpFactory(ticket=ticket, created_by=case_worker, note="Nachfassen")


def _post(client, follow_up, **data):
    url = reverse("backoffice:follow_up_change", args=[follow_up.ticket.reference, follow_up.pk])
    prefix = f"wv{follow_up.pk}"
    fields = {"version": follow_up.ticket.version, **data}
    return client.post(url, {f"{prefix}-{name}": value for name, value in fields.items()})


def _today_refs(client):
    return [row.reference for row in client.get(QUEUE, {"view": "follow_up"}).context["rows"]]


def test_ticking_off_empties_wiedervorlage_heute_and_the_calendar(staff_client, follow_up):
    ref = follow_up.ticket.reference
    assert _today_refs(staff_client) == [ref]
    assert "Nachfassen" in staff_client.get(CALENDAR).content.decode()
    response = _post(staff_client, follow_up, action="done", note="erledigt am Telefon")
    assert response.status_code == 302
    assert _today_refs(staff_client) == []
    assert "Nachfassen" not in staff_client.get(CALENDAR).content.decode()
    event = follow_up.ticket.events.get(kind=TicketEvent.Kind.FOLLOW_UP)
    assert event.data["action"] == "done"


def test_moving_takes_it_off_today(staff_client, follow_up):
    later = timezone.localdate() + dt.timedelta(days=1)
    assert _post(staff_client, follow_up, action="move", due_on=later.isoformat()).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.due_on == later
    assert _today_refs(staff_client) == []


def test_moving_without_a_day_is_a_form_error(staff_client, follow_up):
    response = _post(staff_client, follow_up, action="move")
    assert response.status_code == 400
    assert "Bitte wählen Sie den neuen Tag." in response.content.decode()


def test_handing_over_moves_it_to_the_colleagues_calendar(staff_client, client, follow_up):
    colleague = StaffFactory()
    assert _post(staff_client, follow_up, action="hand_over", to=colleague.pk).status_code == 302
    client.force_login(colleague)
    assert "Nachfassen" in client.get(CALENDAR).content.decode()


def test_a_stale_page_gets_the_conflict_page(staff_client, follow_up):
    response = _post(staff_client, follow_up, action="done", version=follow_up.ticket.version + 1)
    assert response.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_a_follow_up_on_a_closed_ticket_is_shown_as_such(staff_client, follow_up):
    follow_up.ticket.status = Status.DONE
    follow_up.ticket.save()
    page = staff_client.get(reverse("backoffice:ticket", args=[follow_up.ticket.reference]))
    assert "Meldung abgeschlossen" in page.content.decode()
    assert "Meldung abgeschlossen" in staff_client.get(CALENDAR).content.decode()
