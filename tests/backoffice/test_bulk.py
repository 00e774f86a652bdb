from django.urls import reverse

from tests.factories import StaffFactory, TicketFactory

BULK = reverse("backoffice:bulk")


def test_bulk_assign_goes_through_the_workflow(staff_client):
    colleague = StaffFactory()
    tickets = [TicketFactory(), TicketFactory()]
    data = {"action": "assign", "assignee": colleague.pk, "tickets": [f"{t.pk}:{t.version}" for t in tickets]}
    assert staff_client.post(BULK, data).status_code == 302
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.assignee == colleague
        assert ticket.events.filter(kind="assigned").exists()


def test_bulk_status_reports_errors_per_ticket(staff_client, case_worker):
    movable, closed = TicketFactory(), TicketFactory(status="rejected", assignee=case_worker)
    data = {
        "action": "status",
        "status": "in_progress",
        "tickets": [f"{t.pk}:{t.version}" for t in (movable, closed)],
    }
    response = staff_client.post(BULK, data, follow=True)
    page = response.content.decode()
    assert f"{closed.reference}: Dieser Statuswechsel ist nicht erlaubt." in page
    assert "1 Meldung(en) geändert." in page
    movable.refresh_from_db()
    closed.refresh_from_db()
    assert (movable.status, closed.status) == ("in_progress", "rejected")
