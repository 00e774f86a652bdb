"""Every kind of timeline row says what happened, to staff in full and to residents in their part: no row
is just its kind's label where the row holds more, and none is empty."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MessageFactory, TicketEventFactory, TicketFactory
from tickets.event_text import describe
from tickets.models import Message, TicketEvent

pytestmark = pytest.mark.django_db

SOON = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0) + dt.timedelta(days=2)

# What each kind records, as the code that records it writes it (the e-mail rows and DUE as older data
# and imports carry them).
ROWS = {
    "created": [{"channel": "portal", "team": "Team Nord", "assignee": "Sabine S.", "deputy_for": ""}],
    "status": [
        {
            "old": "open",
            "new": "released",
            "reason": "",
            "released_to": "Sanitär Schulz GmbH",
            "target_kind": "contractor",
            "note": "Schlüssel beim Hauswart",
            "work_order_id": 1,
        },
        {"old": "released", "new": "rejected", "reason": "Nicht unser Bereich"},
    ],
    "assigned": [
        {
            "old": {"assignee": "", "team": "Team Nord"},
            "new": {"assignee": "Sabine S.", "team": "Team Nord"},
            "reason": "Urlaubsvertretung",
        }
    ],
    "priority": [
        {
            "old": {"priority": "normal", "due_at": None},
            "new": {"priority": "urgent", "due_at": SOON.isoformat()},
            "reason": "Wasser tritt aus",
        }
    ],
    "due": [
        {"old": {"due_at": SOON.isoformat()}, "new": {"due_at": (SOON + dt.timedelta(days=1)).isoformat()}}
    ],
    "message": [{"message_kind": "public", "message_id": 0}],
    "attachment": [{"attachment_id": 0}],
    "contractor": [
        {"step": "accepted", "work_order_id": 1, "worker": "contractor"},
        {"step": "declined", "work_order_id": 1, "worker": "contractor", "reason": "Keine Kapazität"},
        {
            "step": "appointment",
            "work_order_id": 1,
            "worker": "contractor",
            "at": SOON.isoformat(),
            "note": "Bitte Wasser abstellen",
        },
        {"step": "started", "work_order_id": 1, "worker": "caretaker"},
        {
            "step": "done",
            "work_order_id": 1,
            "worker": "caretaker",
            "note": "Dichtung getauscht",
            "photo_ids": [1, 2],
        },
    ],
    "email_in": [{"address": "erika@example.org", "subject": "Noch tropft es"}],
    "email_out": [{"address": "erika@example.org", "subject": "Ihre Meldung"}],
    "letter": [{"text": "Brief gedruckt in Stapel 7", "batch": 7, "letter": "status_changed", "outbox": 3}],
    "data_change": [
        {"change_request": 1, "state": "pending"},
        {"change_request": 1, "state": "rejected", "reason": "IBAN gehört nicht zum Mieter"},
        {"confidential": True, "reason": "Als vertraulich markiert."},
    ],
    "affected": [{"party_id": 1}],
    "follow_up": [
        {"due_on": SOON.date().isoformat(), "note": "Handwerker anrufen"},
        {"action": "done", "due_on": SOON.date().isoformat(), "note": "erledigt"},
        {"action": "moved", "due_on": SOON.date().isoformat(), "previous": SOON.date().isoformat()},
        {"action": "handed_over", "due_on": SOON.date().isoformat(), "to": "Sabine S.", "to_id": 1},
    ],
    "title": [{"old": "", "new": "Spülung Bad"}],
    "overdue": [{"due_at": SOON.isoformat()}],
    "linked": [
        {"linked_ticket_id": 1, "reason": "2026-000123"},
        {"linked_ticket_id": 1, "reason": "Duplikat von 2026-000123"},
        {"inbound_mail": 1, "sender": "erika@example.org"},
    ],
    "comment_hidden": [{"message_id": 1, "author": "Max Meier", "reason": "Werbung"}],
    "watcher": [
        {"user_id": 2, "who": "Petra K.", "via": "hand"},
        {"user_id": 2, "who": "Petra K.", "via": "mention"},
    ],
    "process": [
        {"action": "process_started", "process_name": {"de": "Kündigung", "en": "Notice"}, "process_id": 1},
        {
            "action": "step_started",
            "process_name": {"de": "Kündigung"},
            "step": "pre_inspection",
            "step_name": {"de": "Vorabnahme", "en": "Pre-inspection"},
            "due_at": SOON.isoformat(),
        },
        {
            "action": "step_done",
            "process_name": {"de": "Kündigung"},
            "step": "confirmation",
            "step_name": {"de": "Kündigung bestätigen"},
            "outcome": "confirmed",
            "outcome_name": {"de": "bestätigt", "en": "confirmed"},
        },
        {
            "action": "party_added",
            "process_name": {"de": "Nachbarschaftsstörung"},
            "role": "accused",
            "role_name": {"de": "Beschuldigte Partei", "en": "Accused party"},
        },
        {"action": "data_changed", "process_name": {"de": "Ratenzahlung"}, "fields": ["instalments"]},
        {
            "action": "step_answered",
            "process_name": {"de": "Ratenzahlung"},
            "step": "counter_answer",
            "step_name": {"de": "Antwort auf den Gegenvorschlag"},
        },
    ],
}

# The detail each row must show, for staff and for residents.
SHOWN = {
    ("status", 0): (["Sanitär Schulz GmbH", "Schlüssel beim Hauswart"], ["Handwerksbetrieb"]),
    ("status", 1): (["Nicht unser Bereich"], ["Nicht unser Bereich"]),
    ("assigned", 0): (["Sabine S.", "Urlaubsvertretung"], ["Sabine S."]),
    ("contractor", 1): (["Keine Kapazität"], []),
    ("contractor", 2): (
        [f"{SOON:%d.%m.%Y} 09:30", "Bitte Wasser abstellen"],
        [f"{SOON:%d.%m.%Y} 09:30", "Bitte Wasser abstellen"],
    ),
    ("contractor", 4): (["Erledigt", "Dichtung getauscht", "2"], ["Erledigt", "Dichtung getauscht"]),
    ("email_in", 0): (["erika@example.org", "Noch tropft es"], ["Noch tropft es"]),
    ("letter", 0): (["7"], ["7"]),
    ("data_change", 1): (["abgelehnt", "IBAN gehört nicht zum Mieter"], ["IBAN gehört nicht zum Mieter"]),
    ("follow_up", 0): (["Handwerker anrufen"], []),
    ("follow_up", 3): (["Sabine S."], []),
    ("title", 0): (["Spülung Bad"], []),
    ("overdue", 0): ([f"{SOON:%d.%m.%Y}"], []),
    ("linked", 0): (["2026-000123"], ["2026-000123"]),
    ("linked", 2): (["erika@example.org"], []),
    ("comment_hidden", 0): (["Max Meier", "Werbung"], []),
    ("watcher", 0): (["Petra K."], []),
    ("watcher", 1): (["Petra K.", "erwähnt"], []),
    ("process", 0): (["Kündigung"], ["Kündigung"]),
    ("process", 1): (["Vorabnahme", f"{SOON:%d.%m.%Y} 09:30"], ["Vorabnahme", f"{SOON:%d.%m.%Y} 09:30"]),
    ("process", 2): (["Kündigung bestätigen", "bestätigt"], ["Kündigung bestätigen", "bestätigt"]),
    ("process", 3): (["Nachbarschaftsstörung", "Beschuldigte Partei"], []),
    ("process", 4): (["Angaben des Vorgangs geändert", "Ratenzahlung"], []),
    ("process", 5): (["Antwort auf den Gegenvorschlag"], []),
}


@pytest.mark.parametrize("index", range(len(ROWS["process"])))
def test_no_process_row_leaves_a_dash_for_a_name(index):
    title, _lines = describe(TicketEvent(kind="process", data=ROWS["process"][index]), for_staff=True)
    assert "—" not in title


def test_every_kind_has_rows_to_check():
    assert set(ROWS) == set(TicketEvent.Kind.values)


@pytest.mark.parametrize("for_staff", [True, False], ids=["staff", "resident"])
@pytest.mark.parametrize("kind", TicketEvent.Kind.values)
def test_every_row_says_what_happened(kind, for_staff):
    label = TicketEvent.Kind(kind).label
    for index, data in enumerate(ROWS[kind]):
        title, lines = describe(TicketEvent(kind=kind, data=data), for_staff=for_staff)
        assert title.strip(), (kind, data)
        assert title != label or kind == "message", (kind, data)
        text = " ".join([title, *lines])
        wanted = SHOWN.get((kind, index), ([], []))[0 if for_staff else 1]
        for detail in wanted:
            assert detail in text, (kind, index, detail, text)


def test_residents_do_not_read_internal_notes():
    release = TicketEvent(kind="status", data=ROWS["status"][0])
    title, lines = describe(release, for_staff=False)
    assert "Schlüssel beim Hauswart" not in " ".join([title, *lines])
    assert "Sanitär Schulz GmbH" not in " ".join([title, *lines])


def test_staff_page_shows_every_kind_with_its_words(client, case_worker, tenant):
    ticket = TicketFactory(reporter=tenant)
    _all_rows(ticket)
    client.force_login(case_worker)
    response = client.get(reverse("backoffice:ticket", args=[ticket.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    for (kind, index), (staff, _resident) in SHOWN.items():
        for detail in staff:
            assert detail in page, (kind, index, detail)
    assert '<p class="title">Handwerker</p>' not in page


def test_tenant_page_shows_the_public_rows_with_their_words(client, tenant):
    ticket = TicketFactory(reporter=tenant)
    _all_rows(ticket)
    client.force_login(tenant.user)
    response = client.get(reverse("portal:ticket", args=[ticket.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    for key in [("status", 1), ("contractor", 2), ("contractor", 4), ("data_change", 1)]:
        for detail in SHOWN[key][1]:
            assert detail in page, (key, detail)
    assert "Schlüssel beim Hauswart" not in page  # the release note is for the worker
    assert "Keine Kapazität" not in page  # a decline is between the worker and staff


def _all_rows(ticket):
    message = MessageFactory(ticket=ticket, kind=Message.Kind.PUBLIC, body="Wir kümmern uns.")
    public = {"status", "created", "data_change", "message"}
    for kind, rows in ROWS.items():
        for data in rows:
            if kind == "message":
                data = {**data, "message_id": message.pk}
            is_public = kind in public or (
                kind == "contractor" and data["step"] in {"appointment", "started", "done"}
            )
            if kind == "data_change" and data.get("state") != "rejected":
                is_public = False
            TicketEventFactory(ticket=ticket, kind=kind, data=data, is_public=is_public)
