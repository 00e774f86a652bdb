import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttachmentFactory,
    CaretakerAssignmentFactory,
    ContractorFactory,
    FollowUpFactory,
    TicketFactory,
)
from tickets.actors import Actor
from tickets.models import Appointment, Message, TicketEvent
from tickets.timeline import record
from tickets.watching import Watcher


@pytest.fixture
def ticket(db):
    return TicketFactory()


def _url(name, ticket):
    return reverse(f"backoffice:{name}", args=[ticket.reference])


def test_page_shows_header_and_only_the_allowed_moves(staff_client, ticket):
    page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert ticket.reporter.display_name in page
    assert ticket.property.name in page
    assert "In Bearbeitung nehmen" in page
    assert "Arbeit freigeben" in page
    assert "Wieder öffnen" not in page


def test_a_move_not_allowed_shows_an_error_and_changes_nothing(staff_client, case_worker):
    ticket = TicketFactory(status="rejected", status_reason="Doppelt", assignee=case_worker)
    response = staff_client.post(_url("move", ticket), {"to": "done", "version": ticket.version})
    assert response.status_code == 400
    assert "Dieser Statuswechsel ist nicht erlaubt." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "rejected"


def test_reject_needs_a_reason(staff_client, ticket):
    response = staff_client.post(_url("move", ticket), {"to": "rejected", "version": ticket.version})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Begründung an." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_release_to_a_contractor_lands_in_the_timeline(staff_client, ticket):
    contractor = ContractorFactory(name="Sanitär Schulz GmbH")
    data = {
        "target": "contractor",
        "contractor": contractor.pk,
        "note": "Schlüssel beim Hauswart",
        "version": 1,
    }
    response = staff_client.post(_url("release", ticket), data)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.contractor) == ("released", contractor)
    page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert "Status: Offen → Freigegeben" in page
    assert "Freigegeben an: Sanitär Schulz GmbH" in page
    assert "Schlüssel beim Hauswart" in page


def test_phone_note_is_stored_with_caller_and_duration(staff_client, ticket):
    data = {
        "kind": "phone",
        "body": "Mieterin ruft an, Wasser tropft weiter.",
        "caller": "Frau Mustermann",
        "direction": "in",
        "duration_minutes": 4,
        "version": ticket.version,
    }
    assert staff_client.post(_url("message", ticket), data).status_code == 302
    note = Message.objects.get(ticket=ticket)
    assert (note.kind, note.caller, note.duration_minutes) == ("phone", "Frau Mustermann", 4)
    page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert "Telefonnotiz" in page
    assert "4 Minuten" in page


def test_priority_change_and_follow_up_need_their_fields(staff_client, ticket):
    response = staff_client.post(_url("priority", ticket), {"priority": "high", "reason": "", "version": 1})
    assert response.status_code == 400
    response = staff_client.post(
        _url("priority", ticket), {"priority": "high", "reason": "Kind im Haushalt", "version": 1}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    response = staff_client.post(
        _url("follow_up", ticket), {"due_on": "2099-01-05", "note": "Nachfragen", "version": 2}
    )
    assert response.status_code == 302
    assert ticket.events.filter(kind=TicketEvent.Kind.FOLLOW_UP).exists()


def test_second_save_with_the_same_version_gets_the_conflict_page(staff_client, ticket):
    seen = 0
    first = staff_client.post(_url("move", ticket), {"to": "in_progress", "version": 1, "seen": seen})
    assert first.status_code == 302
    second = staff_client.post(
        _url("move", ticket), {"to": "rejected", "reason": "Nicht unser Gebäude", "version": 1, "seen": seen}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Die Meldung wurde in der Zwischenzeit geändert" in page
    assert "Status: Offen → In Bearbeitung" in page
    assert "Nicht unser Gebäude" in page  # the draft is not lost
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_a_reply_against_an_old_version_is_not_saved(staff_client, ticket):
    staff_client.post(_url("priority", ticket), {"priority": "low", "reason": "Rückfrage", "version": 1})
    response = staff_client.post(
        _url("message", ticket), {"kind": "public", "body": "Wir kommen morgen.", "version": 1}
    )
    assert response.status_code == 409
    assert not Message.objects.filter(ticket=ticket).exists()


def test_ticket_page_query_count_does_not_grow_with_the_timeline(
    staff_client, ticket, django_assert_num_queries
):
    staff_client.get(_url("ticket", ticket))
    # Session, user, the ticket (with the two ticket permissions in its visibility rule, and whether it has
    # a process, follow-ups, appointments, watchers, caretakers, duplicates, affected people), the messages,
    # the events with their files. Selects, text blocks, standard attachments and help articles are cached.
    with django_assert_num_queries(5):
        staff_client.get(_url("ticket", ticket))
    for n in range(10):
        staff_client.post(_url("message", ticket), {"kind": "internal", "body": f"Notiz {n}", "version": 1})
    with django_assert_num_queries(5):
        staff_client.get(_url("ticket", ticket))


def test_ticket_page_reads_follow_ups_appointments_watchers_and_caretakers_only_when_there_are_some(
    staff_client, ticket, case_worker, django_assert_num_queries
):
    CaretakerAssignmentFactory(property=ticket.property)
    FollowUpFactory(ticket=ticket, note="Nachfragen")
    Watcher.objects.create(ticket=ticket, user=case_worker)
    Appointment.objects.create(
        ticket=ticket,
        title="Besichtigung",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
        user=case_worker,
    )
    for n in range(3):
        attachment = AttachmentFactory(ticket=ticket, original_name=f"foto-{n}.jpg")
        record(ticket, kind=TicketEvent.Kind.ATTACHMENT, actor=Actor.system(), attachment_id=attachment.pk)
    staff_client.get(_url("ticket", ticket))
    with django_assert_num_queries(9):
        page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert all(f"foto-{n}.jpg" in page for n in range(3))
    assert "Nachfragen" in page
    assert "Besichtigung" in page


def test_reassign_to_a_colleague_is_recorded(staff_client, ticket):
    from tests.factories import StaffFactory

    colleague = StaffFactory(first_name="Jan", last_name="Kollege")
    response = staff_client.post(
        _url("assign", ticket), {"assignee": colleague.pk, "reason": "Urlaub", "version": 1}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    assert "Zugewiesen: niemand → Jan Kollege" in staff_client.get(_url("ticket", ticket)).content.decode()
