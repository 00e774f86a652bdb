import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice import tab_counts
from backoffice.views import queue as queue_views
from tests.factories import (
    CatalogItemFactory,
    ContractorFactory,
    FollowUpFactory,
    PartyFactory,
    PropertyFactory,
    TeamMembershipFactory,
    TicketFactory,
    create_in_bulk,
)
from tickets.models import Ticket
from tickets.search import refresh_search_vector

QUEUE = reverse("backoffice:queue")


def _refs(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


def test_my_view_shows_my_open_tickets_with_who_where_what(staff_client, case_worker):
    mine = TicketFactory(assignee=case_worker, reporter_name="", item__name_de="Heizung kalt")
    TicketFactory(assignee=case_worker, status="done")
    TicketFactory()
    response = staff_client.get(QUEUE)
    assert _refs(response) == [mine.reference]
    page = response.content.decode()
    assert "Heizung kalt" in page
    assert mine.property.name in page
    assert mine.reporter.display_name in page
    assert "Offen" in page


def test_overdue_rows_say_so_in_words(staff_client, case_worker):
    TicketFactory(assignee=case_worker, due_at=timezone.now() - dt.timedelta(hours=2))
    response = staff_client.get(QUEUE)
    assert "überfällig" in response.content.decode()


@pytest.mark.parametrize("view", ["unassigned", "overdue", "team", "follow_up", "all"])
def test_each_view_picks_its_tickets(staff_client, case_worker, view):
    past = timezone.now() - dt.timedelta(days=1)
    membership = TeamMembershipFactory(user=case_worker)
    expected = {
        "unassigned": TicketFactory(assignee=None),
        "overdue": TicketFactory(assignee=case_worker, due_at=past),
        "team": TicketFactory(team=membership.team, assignee=None),
        "follow_up": FollowUpFactory(ticket__assignee=case_worker).ticket,
    }
    refs = _refs(staff_client.get(QUEUE, {"view": view}))
    if view == "all":
        assert sorted(refs) == sorted(t.reference for t in expected.values())
    else:
        assert expected[view].reference in refs
        others = {t.reference for key, t in expected.items() if key != view}
        if view == "overdue":
            others = set()
        if view == "unassigned":
            others.discard(expected["team"].reference)
        assert not others & set(refs)


def test_filters_narrow_the_list(staff_client):
    prop = PropertyFactory(code="WE7777")
    contractor = ContractorFactory()
    hit = TicketFactory(property=prop, priority="high", contractor=contractor, channel="phone")
    TicketFactory(property=prop, priority="normal")
    TicketFactory(priority="high", contractor=contractor, channel="phone")
    params = {
        "view": "all",
        "property": "we7777",
        "priority": "high",
        "contractor": contractor.pk,
        "channel": "phone",
    }
    assert _refs(staff_client.get(QUEUE, params)) == [hit.reference]


def test_created_and_due_ranges_filter(staff_client):
    soon = TicketFactory(due_at=timezone.now() + dt.timedelta(days=1))
    TicketFactory(due_at=timezone.now() + dt.timedelta(days=30))
    today = timezone.localdate()
    params = {
        "view": "all",
        "due_to": (today + dt.timedelta(days=2)).isoformat(),
        "created_from": today.isoformat(),
    }
    assert _refs(staff_client.get(QUEUE, params)) == [soon.reference]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "kaputt"}, "gültige Auswahl"),
        ({"category": "abc"}, "gültige Auswahl"),
        ({"created_from": "32.13.2026"}, "gültiges Datum"),
        ({"due_from": "2026-05-02", "due_to": "2026-05-01"}, "Das Ende liegt vor dem Anfang."),
        ({"property": "GIBTSNICHT"}, "Eine Liegenschaft mit dieser Nummer gibt es nicht."),
        ({"after": "!!kein-cursor"}, "Die Seitenangabe ist ungültig."),
        ({"sort": "due", "after": "WzEsMl0"}, "Die Seitenangabe ist ungültig."),
    ],
)
def test_invalid_filters_get_a_german_error_not_a_500(staff_client, params, message):
    response = staff_client.get(QUEUE, {"view": "all", **params})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("view", ["mine", "all", "overdue", "follow_up"])
def test_query_count_is_the_same_for_1_and_50_rows(
    staff_client, case_worker, django_assert_num_queries, monkeypatch, view
):
    past = timezone.now() - dt.timedelta(days=1)
    shared = {"item": CatalogItemFactory(), "property": PropertyFactory(), "reporter": PartyFactory()}

    def make(n):
        tickets = create_in_bulk(TicketFactory, n, assignee=case_worker, due_at=past, unit=None, **shared)
        create_in_bulk(FollowUpFactory, [{"ticket": t} for t in tickets], created_by=case_worker)

    monkeypatch.setattr(tab_counts, "SECONDS", 0)  # counted on every request, as after a change of filters
    make(1)
    staff_client.get(QUEUE, {"view": view})  # warm the session
    # Session, user, the user's ticket permissions, the page's ids, their rows, the tabs' counts (one query
    # for all of them), the saved views in the sidebar; the choice lists come from the cache.
    with django_assert_num_queries(7) as one:
        staff_client.get(QUEUE, {"view": view})
    make(49)
    with django_assert_num_queries(len(one.captured_queries)):
        response = staff_client.get(QUEUE, {"view": view})
    assert len(response.context["rows"]) == 50


@pytest.mark.parametrize("sort", ["due", "priority", "created"])
def test_keyset_pages_show_every_row_exactly_once(staff_client, monkeypatch, sort):
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 4)
    base = timezone.now()
    for n in range(11):
        # Ties on due time and priority, and tickets without a due time, are where pages go wrong.
        TicketFactory(
            due_at=None if n % 5 == 0 else base + dt.timedelta(hours=n % 3),
            priority=["high", "normal"][n % 2],
        )
    seen, params = [], {"view": "all", "sort": sort}
    for _ in range(10):
        response = staff_client.get(QUEUE, params)
        seen += _refs(response)
        if not response.context["next_query"]:
            break
        params = response.context["next_query"]
        params = dict(pair.split("=", 1) for pair in params.split("&"))
    assert sorted(seen) == sorted(Ticket.objects.values_list("reference", flat=True))
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("extra", [{"sort": "priority"}, {"sort": "due", "priority": "high"}])
def test_a_group_by_urgency_is_read_item_by_item_in_the_plain_order(staff_client, monkeypatch, extra):
    # One branch per item of the group (keyset.key_rows_per), merged: the pages must be the plain sort's.
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 3)
    group_item = CatalogItemFactory()
    items = [
        group_item,
        CatalogItemFactory(group=group_item.group),
        CatalogItemFactory(group=group_item.group),
    ]
    base = timezone.now()
    for n in range(13):
        TicketFactory(
            item=items[n % 3],
            due_at=None if n % 4 == 0 else base + dt.timedelta(hours=n % 5),
            priority=["emergency", "high", "normal", "high"][n % 4],
        )
    TicketFactory(priority="high")  # another group's: never listed
    keyset = queue_views.keyset
    expected = keyset.with_keys(Ticket.objects.filter(item__group=group_item.group))
    if "priority" in extra:
        expected = expected.filter(priority=extra["priority"])
    order = keyset.order(keyset.SORTS[extra["sort"]])
    expected = list(expected.order_by(*order).values_list("reference", flat=True))
    seen, params = [], {"view": "all", "group": group_item.group.pk, **extra}
    for _ in range(10):
        response = staff_client.get(QUEUE, params)
        seen += _refs(response)
        if not response.context["next_query"]:
            break
        params = dict(pair.split("=", 1) for pair in response.context["next_query"].split("&"))
    assert seen == expected


def test_a_date_range_lists_by_its_own_date(staff_client):
    today = timezone.localdate()
    older = TicketFactory(due_at=timezone.now() + dt.timedelta(days=1))
    newer = TicketFactory(due_at=timezone.now() + dt.timedelta(days=9))
    params = {"view": "all", "sort": "due", "created_from": today.isoformat()}
    response = staff_client.get(QUEUE, params)
    assert _refs(response) == [newer.reference, older.reference]
    assert '<option value="created" selected>' in response.content.decode()


def test_a_search_sorted_by_priority_lists_by_due_time(staff_client):
    later = TicketFactory(
        priority="emergency", description="Heizung kalt", due_at=timezone.now() + dt.timedelta(days=9)
    )
    sooner = TicketFactory(
        priority="low", description="Heizung tropft", due_at=timezone.now() + dt.timedelta(days=1)
    )
    refresh_search_vector([later.pk, sooner.pk])
    refs = _refs(staff_client.get(QUEUE, {"view": "all", "sort": "priority", "q": "Heizung"}))
    assert refs == [sooner.reference, later.reference]


def test_tab_counts_are_kept_while_paging_and_switching_tabs(staff_client, case_worker):
    TicketFactory.create_batch(2, assignee=case_worker)
    staff_client.get(QUEUE, {"view": "mine"})
    TicketFactory(assignee=case_worker)
    response = staff_client.get(QUEUE, {"view": "all"})
    assert len(response.context["rows"]) == 3  # the list is read fresh
    assert {key: count for key, _label, count in response.context["views"]}["mine"] == "2"


def test_a_catalog_group_without_items_lists_nothing(staff_client):
    from catalogs.models import CatalogGroup

    TicketFactory()
    empty = CatalogGroup.objects.create(
        category=CatalogItemFactory().group.category, name_de="Leer", code="leer"
    )
    response = staff_client.get(QUEUE, {"view": "all", "group": empty.pk})
    assert response.status_code == 200
    assert _refs(response) == []
    assert {key: count for key, _label, count in response.context["views"]}["all"] == "0"
