import json
import zipfile

import pytest

from privacy.export_data import export_content
from privacy.export_files import export_zip
from tests.factories import (
    AffectedPartyFactory,
    AttachmentFactory,
    BankAccountFactory,
    ChangeRequestFactory,
    DocumentFactory,
    MessageFactory,
    TicketEventFactory,
    TicketFactory,
)
from tickets.models import Message, TicketEvent, Visibility

pytestmark = pytest.mark.django_db

OWN_IBAN = "DE89370400440532013000"
NEIGHBOUR_IBAN = "DE02120300000000202051"


@pytest.fixture
def world(tenant, other_tenant, unit):
    """The tenant's own ticket, change request, document and photo; the neighbour's public ticket the tenant
    follows, with the neighbour's own words and photo; and the neighbour's private ticket."""
    BankAccountFactory(party=tenant, iban=OWN_IBAN, holder="Erika Mustermann")
    BankAccountFactory(party=other_tenant, iban=NEIGHBOUR_IBAN, holder="Max Meier")
    own = TicketFactory(
        reporter=tenant, property=unit.building.property, unit=unit, description="Heizung kalt bei Erika"
    )
    MessageFactory(ticket=own, kind=Message.Kind.PUBLIC, body="Der Monteur kommt Dienstag.")
    MessageFactory(ticket=own, kind=Message.Kind.INTERNAL, body="Interne Notiz nur für uns")
    TicketEventFactory(ticket=own, kind=TicketEvent.Kind.CREATED, is_public=True, data={"channel": "portal"})
    AttachmentFactory(ticket=own, original_name="heizung.jpg")
    ChangeRequestFactory(party=tenant, new_values={"iban": OWN_IBAN, "holder": "Erika Mustermann"})
    DocumentFactory(party=tenant, title="Betriebskosten 2025")
    followed = TicketFactory(
        reporter=other_tenant,
        property=unit.building.property,
        visibility=Visibility.PUBLIC,
        description="Licht im Treppenhaus defekt",
        reporter_phone="0170 9999999",
    )
    AffectedPartyFactory(ticket=followed, party=tenant)
    MessageFactory(
        ticket=followed,
        kind=Message.Kind.TENANT,
        author_party=other_tenant,
        author_label="Max Meier",
        body="Gruß, Max Meier",
    )
    AttachmentFactory(ticket=followed, original_name="flur-max.jpg")
    TicketEventFactory(
        ticket=followed, kind=TicketEvent.Kind.AFFECTED, is_public=True, actor=other_tenant.user,
        actor_label="Max Meier",
    )  # fmt: skip
    TicketFactory(reporter=other_tenant, property=unit.building.property, description="Privat von Max")
    ChangeRequestFactory(party=other_tenant, new_values={"iban": NEIGHBOUR_IBAN, "holder": "Max Meier"})
    return own, followed


def _zip(tenant) -> tuple[str, zipfile.ZipFile]:
    content = export_content(tenant)
    archive = zipfile.ZipFile(export_zip(tenant, content))
    return archive.read("data.json").decode(), archive


def test_export_holds_the_tenants_own_data_with_their_full_iban(tenant, world):
    text, archive = _zip(tenant)
    data = json.loads(text)
    assert data["master_data"]["last_name"] == "Mustermann"
    assert data["master_data"]["email"] == tenant.email
    assert len(data["tenancies"]) == 1
    assert data["bank_accounts"][0]["iban"] == OWN_IBAN
    assert data["change_requests"][0]["new_values"]["iban"] == OWN_IBAN
    own = next(t for t in data["tickets"] if t["your_role"] == "reporter")
    assert own["description"] == "Heizung kalt bei Erika"
    assert [m["text"] for m in own["messages"]] == ["Der Monteur kommt Dienstag."]
    assert own["timeline"][0]["what"].startswith("Gemeldet")
    names = archive.namelist()
    assert "summary.pdf" in names
    assert archive.read("summary.pdf").startswith(b"%PDF")
    assert any(n.startswith("documents/") for n in names)
    assert any(n.startswith(f"photos/{own['reference']}/") for n in names)


def test_internal_notes_stay_internal(tenant, world):
    text, _archive = _zip(tenant)
    assert "Interne Notiz" not in text


def test_followed_neighbour_ticket_appears_without_the_neighbour(tenant, other_tenant, world):
    text, archive = _zip(tenant)
    data = json.loads(text)
    followed = next(t for t in data["tickets"] if t["your_role"] == "affected")
    assert followed["description"] == "Licht im Treppenhaus defekt"
    assert followed["photos"] == []
    assert "Privat von Max" not in text
    pdf_and_names = " ".join(archive.namelist())
    for trace in ("Max", "Meier", other_tenant.email, "0170 9999999", NEIGHBOUR_IBAN, "flur-max"):
        assert trace not in text
        assert trace not in pdf_and_names
