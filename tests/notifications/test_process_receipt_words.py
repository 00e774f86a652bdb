"""The receipt a tenant gets for a process they started names the request by its kind ("Ihr Anliegen ist
bei uns eingegangen: Ratenzahlung"): a Ratenzahlung or a Wohnungstausch is no Meldung."""

import pytest

from notifications.models import OutboxMessage
from processes import engine
from processes.models import ProcessTemplate
from tests.factories import CatalogItemFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def test_a_process_receipt_names_the_request_and_a_report_stays_a_meldung(tenant, report):
    template = ProcessTemplate.objects.get(code="ratenzahlung")
    template.catalog_item = template.catalog_item or CatalogItemFactory(name_de="Ratenzahlung")
    template.save()
    process = engine.start(
        "ratenzahlung", actor=Actor.for_party(tenant), reporter_party=tenant, parties={"tenant": tenant}
    )

    mail = OutboxMessage.objects.get(kind="ticket_created", ticket=process.ticket)
    assert mail.subject.endswith("Ihr Anliegen ist bei uns eingegangen: Ratenzahlung")
    assert "vielen Dank für Ihr Anliegen „Ratenzahlung“" in mail.body_text
    assert "Meldung" not in mail.subject + mail.body_text.split("Vorgangsnummer")[0]

    ticket = report()
    plain = OutboxMessage.objects.get(kind="ticket_created", ticket=ticket)
    assert "Ihre Meldung ist bei uns eingegangen" in plain.subject
