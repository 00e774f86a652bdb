"""Tickets for the ERP: created for a tenant on channel "api", listed by cursor, read with the public
timeline, answered; a contractor's system sees only what is released to its contractor."""

import datetime as dt

from django.utils import timezone

from tests.factories import CatalogItemFactory, TenancyFactory, TicketFactory
from tickets.actors import Actor
from tickets.models import Channel, Message, Ticket
from tickets.workflow import release


def _tenant_with_unit():
    tenancy = TenancyFactory()
    tenancy.party.external_id = "T1"
    tenancy.party.save()
    tenancy.unit.external_id = "U1"
    tenancy.unit.save()
    return tenancy


def test_erp_reports_a_ticket_for_a_tenant(erp):
    tenancy = _tenant_with_unit()
    item = CatalogItemFactory(code="WC-1", vera_defect_location="TOI", vera_defect_kind="BRE")
    response = erp.post(
        "/tickets", {"reporter": "T1", "unit": "U1", "item": "WC-1", "description": "Spülung läuft"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get(reference=body["reference"])
    assert (ticket.channel, ticket.reporter, ticket.item) == (Channel.API, tenancy.party, item)
    assert body["status_vera"] == {"soort": "ONDERHOUDSVERZOEKSTATUS", "code": "REG", "naam": "Geregistreerd"}
    assert body["item"]["defect_location"]["code"] == "TOI"
    assert body["timeline"][0]["kind"] == "created"


def test_unknown_tenant_is_a_field_error(erp):
    CatalogItemFactory(code="WC-1")
    response = erp.post(
        "/tickets", {"reporter": "nobody", "item": "WC-1", "description": "x", "property": "P"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reporter"


def test_list_pages_by_cursor_in_order_of_change(erp):
    tickets = TicketFactory.create_batch(5)
    base = timezone.now() - dt.timedelta(days=1)
    for n, ticket in enumerate(tickets):
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=base + dt.timedelta(minutes=n))
    first = erp.get("/tickets", limit=3).json()
    second = erp.get("/tickets", limit=3, cursor=first["next_cursor"]).json()
    seen = [t["reference"] for t in first["items"] + second["items"]]
    assert seen == [t.reference for t in tickets]
    assert second["next_cursor"] is None
    since = erp.get("/tickets", changed_since=(base + dt.timedelta(minutes=3)).isoformat()).json()
    assert [t["reference"] for t in since["items"]] == [t.reference for t in tickets[3:]]


def test_list_filters_by_status_and_property(erp):
    wanted = TicketFactory(status="released")
    wanted.property.external_id = "P9"
    wanted.property.save()
    TicketFactory(status="released")
    TicketFactory(property=wanted.property)
    items = erp.get("/tickets", status="released", property="P9").json()["items"]
    assert [t["reference"] for t in items] == [wanted.reference]


def test_confidential_tickets_are_not_listed(erp, case_worker):
    TicketFactory(restricted_to=case_worker)
    assert erp.get("/tickets").json()["items"] == []


def test_a_public_reply_shows_in_the_public_timeline(erp):
    ticket = TicketFactory()
    response = erp.post(f"/tickets/{ticket.reference}/messages", {"body": "Wir kommen am Montag."})
    assert response.status_code == 201
    assert Message.objects.get().kind == Message.Kind.PUBLIC
    erp.post(f"/tickets/{ticket.reference}/messages", {"body": "intern", "public": False})
    timeline = erp.get(f"/tickets/{ticket.reference}").json()["timeline"]
    assert [e["message"] for e in timeline if e["kind"] == "message"] == ["Wir kommen am Montag."]


def test_contractor_system_sees_only_tickets_released_to_its_contractor(contractor_system, contractor):
    mine, other = TicketFactory(), TicketFactory()
    release(mine, actor=Actor.system(), contractor=contractor)
    assert [t["reference"] for t in contractor_system.get("/tickets").json()["items"]] == [mine.reference]
    assert contractor_system.get(f"/tickets/{other.reference}").status_code == 404
    assert contractor_system.get("/tickets").json()["items"][0]["reporter"] is None


def test_changed_since_with_any_iso_offset_is_compared_in_utc(erp):
    """ISO 8601 allows offsets PostgreSQL refuses (beyond ±15:59); schemathesis sent one."""
    TicketFactory()
    response = erp.get("/tickets", changed_since="0559-02-23T09:03:38-22:37")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    assert erp.get("/tickets", changed_since="0001-01-01T00:00:00+23:59").status_code == 422
