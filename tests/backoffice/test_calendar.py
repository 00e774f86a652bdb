import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.calendar import feed_token
from tests.factories import (
    CatalogItemFactory,
    ContractorFactory,
    FollowUpFactory,
    PartyFactory,
    PropertyFactory,
    StaffFactory,
    TeamFactory,
    TeamMembershipFactory,
    TicketFactory,
    create_in_bulk,
)
from tickets.workspace import Appointment

from .factories import AppointmentFactory, WorkOrderFactory

CALENDAR = reverse("backoffice:calendar")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def test_week_shows_my_follow_ups_visits_and_inspections(staff_client, case_worker, monday):
    ticket = TicketFactory(assignee=case_worker)
    FollowUpFactory(ticket=ticket, due_on=monday + dt.timedelta(days=1), note="Rückruf Mieterin")
    WorkOrderFactory(ticket=ticket, contractor__name="Sanitär Schulz", appointment_at=_at(monday, 9))
    AppointmentFactory(
        user=case_worker, title="Begehung Keller", starts_at=_at(monday, 14), ends_at=_at(monday, 15)
    )
    AppointmentFactory(title="Fremder Termin", starts_at=_at(monday, 10), ends_at=_at(monday, 11))
    page = staff_client.get(CALENDAR, {"datum": monday.isoformat()}).content.decode()
    assert "Rückruf Mieterin" in page
    assert "Sanitär Schulz" in page
    assert "Begehung Keller" in page
    assert "Fremder Termin" not in page
    assert page.index("Sanitär Schulz") < page.index("Begehung Keller")


def test_a_caretakers_visit_is_labelled_as_such(staff_client, case_worker, monday):
    ticket = TicketFactory(assignee=case_worker)
    WorkOrderFactory(
        ticket=ticket,
        contractor=None,
        caretaker=PartyFactory(last_name="Hauswart"),
        appointment_at=_at(monday, 9),
    )
    page = staff_client.get(CALENDAR, {"datum": monday.isoformat()}).content.decode()
    assert "Hauswart" in page
    assert "Hauswarttermin" in page and "Handwerkertermin" not in page


def test_team_view_shows_colleagues_entries(staff_client, case_worker, monday):
    team = TeamFactory()
    TeamMembershipFactory(team=team, user=case_worker)
    colleague = StaffFactory()
    TeamMembershipFactory(team=team, user=colleague)
    AppointmentFactory(
        user=colleague, title="Termin Kollegin", starts_at=_at(monday, 8), ends_at=_at(monday, 9)
    )
    mine = staff_client.get(CALENDAR, {"datum": monday.isoformat()}).content.decode()
    theirs = staff_client.get(CALENDAR, {"datum": monday.isoformat(), "wer": "team"}).content.decode()
    assert "Termin Kollegin" not in mine
    assert "Termin Kollegin" in theirs


def test_day_view_links_to_the_neighbouring_days(staff_client, case_worker, monday):
    AppointmentFactory(user=case_worker, title="Heute", starts_at=_at(monday, 8), ends_at=_at(monday, 9))
    page = staff_client.get(CALENDAR, {"ansicht": "tag", "datum": monday.isoformat()}).content.decode()
    assert "Heute" in page
    assert f"datum={(monday - dt.timedelta(days=1)).isoformat()}" in page
    assert f"datum={(monday + dt.timedelta(days=1)).isoformat()}" in page


def test_a_bad_date_shows_this_week(staff_client):
    assert staff_client.get(CALENDAR, {"datum": "2026-13-45"}).status_code == 200


def test_calendar_query_count_does_not_grow(staff_client, case_worker, monday, django_assert_num_queries):
    shared = {"item": CatalogItemFactory(), "property": PropertyFactory(), "reporter": PartyFactory()}
    contractor = ContractorFactory()

    def add(n):
        tickets = create_in_bulk(TicketFactory, n, assignee=case_worker, **shared)
        each = [{"ticket": ticket} for ticket in tickets]
        create_in_bulk(FollowUpFactory, each, due_on=monday, created_by=case_worker)
        create_in_bulk(WorkOrderFactory, each, contractor=contractor, appointment_at=_at(monday, 9))
        create_in_bulk(
            AppointmentFactory, each, user=case_worker, starts_at=_at(monday, 10), ends_at=_at(monday, 11)
        )

    add(1)
    staff_client.get(CALENDAR)  # the menu's permissions are read once, then kept
    # session, user, the user's ticket permissions, follow-ups, work orders, appointments
    with django_assert_num_queries(6):
        staff_client.get(CALENDAR, {"datum": monday.isoformat()})
    add(49)
    with django_assert_num_queries(6):
        page = staff_client.get(CALENDAR, {"datum": monday.isoformat()}).content.decode()
    assert "150 Einträge" in page


def test_appointment_from_the_ticket_page(staff_client, case_worker):
    ticket = TicketFactory()
    data = {
        "termin-kind": "inspection",
        "termin-title": "Begehung Bad",
        "termin-starts_at": "2030-03-04T10:00",
        "termin-ends_at": "2030-03-04T11:00",
        "termin-user": case_worker.pk,
    }
    response = staff_client.post(reverse("backoffice:appointment_add", args=[ticket.reference]), data)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.ticket, appointment.user, appointment.title) == (ticket, case_worker, "Begehung Bad")
    assert timezone.localtime(appointment.starts_at).hour == 10


def test_appointment_ending_before_it_starts_is_refused(staff_client, case_worker):
    ticket = TicketFactory()
    data = {
        "termin-kind": "inspection",
        "termin-title": "Begehung",
        "termin-starts_at": "2030-03-04T10:00",
        "termin-ends_at": "2030-03-04T09:00",
    }
    response = staff_client.post(reverse("backoffice:appointment_add", args=[ticket.reference]), data)
    assert response.status_code == 400
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not Appointment.objects.exists()


def test_ical_feed_parses_back_with_utc_times(client, case_worker):
    ticket = TicketFactory(assignee=case_worker)
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    AppointmentFactory(
        ticket=ticket,
        user=case_worker,
        title="Begehung; Keller, Nord",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    FollowUpFactory(ticket=ticket, due_on=timezone.localdate() + dt.timedelta(days=3), note="Nachfassen")
    response = client.get(reverse("backoffice:calendar_feed", args=[feed_token(case_worker)]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"Begehung\\; Keller\\, Nord" in raw
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    inspection = next(e for s, e in events.items() if "Keller" in s)
    assert inspection.decoded("dtstart") == starts
    assert inspection.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert b"Z" in inspection["dtstart"].to_ical()
    assert all("uid" in e and "dtstamp" in e for e in events.values())
    follow_up = next(e for s, e in events.items() if "Nachfassen" in s)
    assert follow_up.decoded("dtstart") == timezone.localdate() + dt.timedelta(days=3)


def test_feed_with_a_wrong_token_is_404(client, case_worker):
    token = feed_token(case_worker)
    tampered = token[:-1] + ("1" if token[-1] == "0" else "0")
    assert client.get(reverse("backoffice:calendar_feed", args=[tampered])).status_code == 404
    assert client.get(reverse("backoffice:calendar_feed", args=["abc-def"])).status_code == 404


def test_new_link_voids_the_old_one(staff_client, client, case_worker):
    old = feed_token(case_worker)
    assert staff_client.post(reverse("backoffice:calendar_feed_rotate")).status_code == 302
    case_worker.refresh_from_db()
    assert feed_token(case_worker) != old
    assert client.get(reverse("backoffice:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("backoffice:calendar_feed", args=[feed_token(case_worker)])).status_code == 200


def test_a_date_at_the_edge_of_the_calendar_shows_this_week(staff_client):
    for value in ("0001-01-01", "9999-12-31"):
        assert staff_client.get(CALENDAR, {"datum": value, "ansicht": "tag"}).status_code == 200
