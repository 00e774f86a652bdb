"""The ERP reads the agreements with their changes: only with its scope, in pages, and an unchanged page
answers 304 to its ETag."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Scope
from subscriptions import booking
from tests.api.conftest import ApiClient, make_integration
from tests.factories import PartyFactory, TenancyFactory, resident_user
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    cache.clear()
    return ApiClient(make_integration(Scope.SUBSCRIPTIONS, name="ERP")[1])


def _book_for(unit, garden, next_first):
    party = TenancyFactory(unit=unit, party=PartyFactory()).party
    resident_user(party)
    return booking.subscription_book(
        party=party, service=garden, starts_on=next_first, actor=Actor.for_party(party)
    )


def test_without_the_scope_the_list_is_forbidden(db, garden):
    cache.clear()
    other = ApiClient(make_integration(Scope.PAYMENTS, name="Buchhaltung")[1])
    assert other.get("/subscriptions").status_code == 403


def test_pages_follow_the_cursor_and_an_unchanged_page_answers_304(erp, garden, unit, next_first):
    booked = [_book_for(unit, garden, next_first) for _ in range(3)]
    first = erp.get("/subscriptions", limit=2)
    assert first.status_code == 200
    body = first.json()
    assert [row["id"] for row in body["items"]] == [s.pk for s in booked[:2]]
    assert body["items"][0]["vat_rate"] == "19.0" and body["items"][0]["service_code"] == "gartenpflege"
    second = erp.get("/subscriptions", limit=2, cursor=body["next_cursor"]).json()
    assert [row["id"] for row in second["items"]] == [booked[2].pk] and second["next_cursor"] is None

    tag = first["ETag"]
    again = erp.client.get(
        "/api/v1/subscriptions", {"limit": 2}, headers={**erp.headers, "If-None-Match": tag}
    )
    assert again.status_code == 304 and again["ETag"] == tag

    # A notice changes the agreement: it moves to the end of the feed, and the first page's tag changes.
    booking.subscription_cancel(
        booked[0], actor=Actor.for_party(booked[0].party), ends_on=booking.notice_earliest_end(booked[0])
    )
    changed = erp.client.get(
        "/api/v1/subscriptions", {"limit": 2}, headers={**erp.headers, "If-None-Match": tag}
    )
    assert changed.status_code == 200 and changed["ETag"] != tag
    last = erp.get("/subscriptions", cursor=changed.json()["next_cursor"]).json()["items"][-1]
    assert last["id"] == booked[0].pk and last["ends_on"] is not None
    assert [c["kind"] for c in last["changes"]] == [
        "requested",
        "confirmed",
        "notice_given",
        "notice_confirmed",
    ]


def test_the_list_runs_the_same_queries_for_1_and_6_agreements(erp, garden, unit, next_first):
    for _ in range(6):
        _book_for(unit, garden, next_first)
    erp.get("/subscriptions")  # warm the integration's caches
    with CaptureQueriesContext(connection) as one:
        erp.get("/subscriptions", limit=1)
    with CaptureQueriesContext(connection) as six:
        erp.get("/subscriptions", limit=6)
    assert len(one.captured_queries) == len(six.captured_queries)
