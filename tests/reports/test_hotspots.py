"""Hot spots on a crafted data set: three reports of one item in one unit within a year rank first; the
same item once in each of several buildings is no hot spot."""

import datetime as dt

from django.utils import timezone

from reports.facts import rebuild
from reports.hotspots import hotspots
from reports.scope import Scope
from tests.factories import BuildingFactory, CatalogItemFactory, TicketFactory, UnitFactory
from tickets.models import Ticket


def report(item, unit, days_ago: int) -> Ticket:
    ticket = TicketFactory(item=item, unit=unit, property=unit.building.property)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return ticket


def test_repeats_in_one_unit_rank_first_and_spread_reports_do_not_count(db):
    leak, mould = CatalogItemFactory(), CatalogItemFactory()
    flat, other_flat = UnitFactory(), UnitFactory()
    for days in (10, 100, 300):
        report(leak, flat, days)  # three within a year
    report(mould, other_flat, 50)
    report(mould, other_flat, 500)  # two within 24 months, one of them within 12
    for _ in range(4):  # the same item once in each of four other buildings
        report(leak, UnitFactory(building=BuildingFactory()), 20)
    report(leak, other_flat, 900)  # too old to count
    rebuild()

    found = hotspots(Scope.default())

    units = [(row["unit_id"], row["item_id"], row["n12"], row["n24"]) for row in found["units"]]
    assert units == [(flat.pk, leak.pk, 3, 3), (other_flat.pk, mould.pk, 1, 2)]
    buildings = {(row["building_id"], row["item_id"]) for row in found["buildings"]}
    assert (flat.building_id, leak.pk) in buildings
    assert all(row["n24"] >= 2 for row in found["buildings"])
    assert len([row for row in found["buildings"] if row["item_id"] == leak.pk]) == 1


def test_a_hot_spot_links_to_its_tickets(lead_client, db):
    leak, flat = CatalogItemFactory(), UnitFactory()
    tickets = [report(leak, flat, days) for days in (5, 40)]
    report(leak, UnitFactory(), 5)  # another unit: not listed
    rebuild()
    row = hotspots(Scope.default())["units"][0]

    response = lead_client.get("/backoffice/auswertungen/schwerpunkt/?" + row["querystring"])

    assert response.status_code == 200
    assert [t.reference for t in response.context["tickets"]] == [t.reference for t in tickets]


def test_a_malformed_hot_spot_link_is_404(lead_client):
    assert lead_client.get("/backoffice/auswertungen/schwerpunkt/?einheit=x&anliegen=1").status_code == 404


def test_repeat_links_follow_reports_in_any_order_and_moves(tenant, unit):
    from reports import repeats
    from reports.models import TicketFact
    from tests.factories import ResponsibilityFactory, StaffFactory
    from tests.reports.test_rollup import days_ago
    from tickets.actors import Actor
    from tickets.services import ticket_create
    from tickets.timeline import record

    item, other_unit = CatalogItemFactory(), UnitFactory(building=unit.building)
    ResponsibilityFactory(item=item)

    def create(days: int, where=unit) -> Ticket:
        with days_ago(days):
            return ticket_create(
                actor=Actor.for_party(tenant),
                item=item,
                prop=where.building.property,
                unit=where,
                reporter=tenant,
                description="Wasserfleck an der Decke.",
            )

    def links() -> dict:
        return {f.pk: (f.prev_unit_at, f.prev_place_at) for f in TicketFact.objects.order_by("pk")}

    first, middle = create(100), create(50)
    create(10)
    create(200)  # entered late, before all of them: the first one now repeats it
    create(30, other_unit)
    moved = TicketFact.objects.get(pk=middle.pk)
    assert moved.prev_unit_at == TicketFact.objects.get(pk=first.pk).created_at
    with days_ago(5):  # corrected to the neighbour's flat
        Ticket.objects.filter(pk=middle.pk).update(unit=other_unit)
        middle.refresh_from_db()
        record(middle, kind="data_change", actor=Actor.for_user(StaffFactory()), reason="falsche Wohnung")

    kept = links()
    repeats.relink_all()
    assert links() == kept
    units = hotspots(Scope.default())["units"]
    assert [(r["unit_id"], r["n12"], r["n24"]) for r in units] == [(unit.pk, 3, 3), (other_unit.pk, 2, 2)]
    building = hotspots(Scope.default())["buildings"][0]
    assert (building["building_id"], building["n24"]) == (unit.building_id, 5)
    in_property = hotspots(Scope.default().but(property_id=unit.building.property_id))
    assert [(r["unit_id"], r["n12"], r["n24"]) for r in in_property["units"]] == [
        (r["unit_id"], r["n12"], r["n24"]) for r in units
    ]
    assert in_property["buildings"][0]["n24"] == 5
