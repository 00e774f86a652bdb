"""The events feed: public timeline rows of the tickets an integration may see, by a cursor that never
skips or repeats a row."""

import pytest

from api.routers import events
from tests.factories import ContractorFactory, TicketFactory
from tickets.actors import Actor
from tickets.models import Message
from tickets.services import message_add
from tickets.workflow import release


@pytest.fixture(autouse=True)
def _nothing_held_back(monkeypatch):
    monkeypatch.setattr(events, "SETTLE", events.SETTLE * 0)


def _read_all(client, limit: int) -> list[dict]:
    items, cursor = [], ""
    for _page in range(100):
        page = client.get("/events", cursor=cursor, limit=limit).json()
        if not page["items"]:
            return items
        items += page["items"]
        cursor = page["next_cursor"]
    raise AssertionError("the feed never ended")


def test_feed_pages_by_cursor_without_gaps_or_repeats(erp, contractor):
    staff = Actor.for_integration("ERP (API)")
    for n in range(4):
        ticket = TicketFactory()
        release(ticket, actor=Actor.system(), contractor=contractor)
        message_add(ticket=ticket, actor=staff, kind=Message.Kind.PUBLIC, body=f"Antwort {n}")
        message_add(ticket=ticket, actor=staff, kind=Message.Kind.INTERNAL, body="nur intern")
    items = _read_all(erp, limit=3)
    ids = [item["id"] for item in items]
    assert ids == sorted(set(ids)) and len(ids) == 8  # 4 status changes, 4 public replies; no notes
    assert {item["type"] for item in items} == {"ticket.status_changed", "ticket.message"}
    assert [i["message"] for i in items if i["kind"] == "message"] == [f"Antwort {n}" for n in range(4)]

    last = erp.get("/events", limit=3).json()
    while last["items"]:
        last = erp.get("/events", cursor=last["next_cursor"], limit=3).json()
    release(ticket := TicketFactory(), actor=Actor.system(), contractor=contractor)
    newer = erp.get("/events", cursor=last["next_cursor"]).json()["items"]
    assert [(i["ticket"], i["status_vera"]["code"]) for i in newer] == [(ticket.reference, "INB")]


def test_a_contractor_system_sees_only_its_own_jobs(contractor_system, contractor):
    own = TicketFactory()
    release(own, actor=Actor.system(), contractor=contractor)
    release(TicketFactory(), actor=Actor.system(), contractor=ContractorFactory())
    assert {item["ticket"] for item in _read_all(contractor_system, limit=10)} == {own.reference}


def test_rows_younger_than_the_settling_time_wait(erp, contractor, monkeypatch):
    monkeypatch.setattr(events, "SETTLE", events.dt.timedelta(minutes=1))
    release(TicketFactory(), actor=Actor.system(), contractor=contractor)
    page = erp.get("/events").json()
    assert page["items"] == []
    assert erp.get("/events", cursor=page["next_cursor"]).status_code == 200


def test_a_broken_cursor_is_a_field_error(erp):
    response = erp.get("/events", cursor="not-a-cursor")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
