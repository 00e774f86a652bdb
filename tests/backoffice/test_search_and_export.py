import csv
import io

from django.urls import reverse

from tests.factories import PartyFactory, TicketFactory
from tickets.actors import Actor
from tickets.search import refresh_search_vector
from tickets.services import message_add

QUEUE = reverse("backoffice:queue")


def _search(client, text):
    return [row.reference for row in client.get(QUEUE, {"view": "all", "q": text}).context["rows"]]


def test_search_uses_german_stemming(staff_client):
    heating = TicketFactory(description="Die Heizung im Bad bleibt kalt.")
    TicketFactory(description="Fenster klemmt.")
    refresh_search_vector([heating.pk])
    assert _search(staff_client, "Heizungen") == [heating.reference]


def test_search_finds_reporter_name_and_message_text(staff_client, case_worker):
    ticket = TicketFactory(reporter=PartyFactory(last_name="Özdemir"), description="Tür klemmt")
    message_add(
        ticket=ticket, actor=Actor.for_user(case_worker), kind="internal", body="Schlüsseldienst beauftragt"
    )
    assert _search(staff_client, "Özdemir") == [ticket.reference]
    assert _search(staff_client, "Schlüsseldienst") == [ticket.reference]


def test_reference_search_matches_exactly(staff_client):
    ticket = TicketFactory(reference="2026-000123")
    TicketFactory(reference="2026-001234", description="siehe 2026-000123")
    refresh_search_vector([ticket.pk])
    assert _search(staff_client, "2026-000123") == [ticket.reference]


def test_export_is_excel_ready_and_neutralises_formulas(staff_client):
    TicketFactory(description='=HYPERLINK("http://evil.example")', reporter_name="@SUM(A1)", reporter=None)
    TicketFactory(description="-2+3")
    response = staff_client.get(reverse("backoffice:export"), {"view": "all"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Nummer"
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'@SUM(A1)" in cells
    assert "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
