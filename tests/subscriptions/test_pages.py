"""The lists: the tenant's offer and agreements, the staff list (waiting first) and the 360° person view,
each at the same number of queries for 1 and 50 agreements."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from subscriptions import booking
from subscriptions.models import Subscription
from tests.factories import PartyFactory, StaffFactory, TenancyFactory, UnitFactory, resident_user
from tickets.actors import Actor

from .conftest import ServiceFactory, later_first

pytestmark = pytest.mark.django_db


def _many_services(count: int):
    return [
        ServiceFactory(code=f"service-{n}", name_de=f"Leistung {n}", needs_confirmation=False)
        for n in range(count)
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_tenant_page_runs_a_fixed_number_of_queries(
    client, subscription_templates, tenant, rows, django_assert_num_queries
):
    for service in _many_services(rows):
        booked = booking.subscription_book(
            party=tenant, service=service, starts_on=later_first(0), actor=Actor.for_party(tenant)
        )
        # Each given notice, so every card links the notice's process too.
        booking.subscription_cancel(
            booked, actor=Actor.for_party(tenant), ends_on=booking.notice_earliest_end(booked)
        )
    client.force_login(tenant.user)
    # session, user with party, home, services, free spaces, agreements, the caretaker check of the menu
    with django_assert_num_queries(7):
        page = client.get(reverse("portal:subscriptions")).content.decode()
    assert page.count("Zusatzvereinbarung (PDF)") == rows
    assert page.count("Kündigungsbestätigung (PDF)") == rows and page.count("· Kündigung <a") == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_staff_list_runs_a_fixed_number_of_queries_waiting_first(
    client, parking, garden, unit, rows, django_assert_num_queries
):
    done = []
    for _ in range(rows):
        party = TenancyFactory(unit=UnitFactory(building=unit.building), party=PartyFactory()).party
        done.append(
            booking.subscription_book(
                party=party, service=garden, starts_on=later_first(0), actor=Actor.for_party(party)
            )
        )
    space = UnitFactory(building=unit.building, kind="parking", number="P9")
    waiting_party = TenancyFactory(unit=UnitFactory(building=unit.building), party=PartyFactory()).party
    waiting = booking.subscription_book(
        party=waiting_party,
        service=parking,
        starts_on=later_first(0),
        unit=space,
        actor=Actor.for_party(waiting_party),
    )
    client.force_login(StaffFactory(roles=["Teamleitung"]))
    cache.clear()  # the menu's permissions are cached per user id, which the next test may reuse
    # session, user, the ticket permissions behind the visibility rule, the agreements, the menu's (2)
    with django_assert_num_queries(6):
        page = client.get(reverse("backoffice:subscriptions")).content.decode()
    assert page.index(waiting.reference) < page.index(done[0].reference)
    assert page.count("/backoffice/zusatzleistungen/") >= rows + 1


def test_person_view_lists_the_agreements(client, parking, space, garden, tenant):
    # A team lead sees every agreement; a case worker those of her team and those she worked on, as the
    # tickets' visibility rule says (the garden care here was agreed at once, its process is done).
    team_lead = StaffFactory(roles=["Teamleitung"])
    booking.subscription_book(
        party=tenant, service=garden, starts_on=later_first(0), actor=Actor.for_party(tenant)
    )
    booking.subscription_book(
        party=tenant, service=parking, starts_on=later_first(1), unit=space, actor=Actor.for_party(tenant)
    )
    client.force_login(team_lead)
    page = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    section = page.split('id="subscriptions-title"')[1].split("</section>")[0]
    assert "Gartenpflege" in section and "vereinbart" in section
    assert "Stellplatz in der Tiefgarage (Stellplatz P1)" in section and "wartet auf Bestätigung" in section
    assert "35,00 € monatlich" in section and "EUR" not in section
    assert Subscription.objects.filter(party=tenant).count() == 2


def test_tenant_sees_only_whats_offered_in_their_building_with_free_spaces(client, parking, space, tenant):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Stellplatz in der Tiefgarage" in page and "35,00 € monatlich" in page
    assert "Mindestlaufzeit" in page and "3 Monate zum Monatsende" in page
    assert "<dt>Noch frei</dt><dd>1</dd>" in page
    rival = TenancyFactory(unit=UnitFactory(building=space.building), party=PartyFactory()).party
    resident_user(rival)
    booking.subscription_book(
        party=rival, service=parking, starts_on=later_first(0), unit=space, actor=Actor.for_party(rival)
    )
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Derzeit ist kein Platz frei" in page


def test_a_waiting_booking_says_what_happens_next_and_leads_to_its_history(client, parking, space, tenant):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=later_first(0), unit=space, actor=Actor.for_party(tenant)
    )
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Wir prüfen Ihre Buchung" in page
    ticket_url = reverse("portal:ticket", args=[subscription.process.ticket.reference])
    assert f'href="{ticket_url}"' in page
    assert client.get(ticket_url).status_code == 200
