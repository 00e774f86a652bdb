"""How the processes look to each party, in a real Chromium: the case worker's process page of a running
Kündigung, a nuisance case and a home modification, and the tenant's Meine Vorgänge and process pages (and
the accused's) on a phone. Pages pass axe-core, the phone pages do not scroll sideways; screenshots for a
person to look at."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from processes import modification, notice, nuisance
from processes.models import ProcessTemplate, StepTemplate
from processes.notice_consent import consent_answer
from processes.standard import install
from tests.factories import (
    CatalogItemFactory,
    PartyFactory,
    StaffFactory,
    TenancyFactory,
    UnitFactory,
    resident_user,
)
from tickets.actors import Actor

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, *, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def _three_processes():
    install(ProcessTemplate, StepTemplate)
    for template in ProcessTemplate.objects.all():
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()
    tenancy = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann"))
    tenant = tenancy.party
    unit = tenancy.unit
    co_tenant = TenancyFactory(unit=unit, party=PartyFactory(first_name="Ben", last_name="Mustermann")).party
    next_door = UnitFactory(building=unit.building)
    neighbour = TenancyFactory(unit=next_door, party=PartyFactory(first_name="Max", last_name="Laut")).party
    for party in (tenant, co_tenant, neighbour):
        resident_user(party)
    staff = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    by_staff = Actor.for_user(staff)

    ending = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=notice.earliest_end(timezone.localdate(), state="BE"),
        reason=notice.Reason.JOB,
        forwarding={"street": "Hauptstraße 5", "postcode": "14467", "city": "Potsdam"},
        note="Bitte Termine nur nachmittags.",
    )
    consent_answer(ending, co_tenant, agreed=True, language="de")
    notice.notice_confirm(ending, actor=by_staff)
    case = nuisance.complaint_submit(
        party=tenant,
        facts={
            "kind": "laerm",
            "times": ["nachts", "abends"],
            "frequency": "mehrmals_woche",
            "since": timezone.localdate() - dt.timedelta(days=30),
            "spoke_to_neighbour": True,
            "talk_result": "Er hat nur gelacht.",
            "neighbour": "2. OG links",
        },
        description="Laute Bassmusik bis 3 Uhr nachts, fast jeden Tag.",
    )
    nuisance.accused_set(case, actor=by_staff, party=neighbour)
    change = modification.request_submit(
        party=tenant, title="Bodengleiche Dusche", room="Bad", description="Badewanne raus, Dusche rein."
    )
    modification.decide(
        change, actor=by_staff, outcome="yes_with_conditions", conditions="Einbau durch einen Fachbetrieb."
    )
    return tenant, staff, neighbour, [ending, case, change]


def test_the_process_pages_read_well_for_the_case_worker_and_the_tenant(browser, live_server, shot):
    tenant, staff, neighbour, processes = _three_processes()

    context, page = _page(browser, live_server, user=staff, width=1280)
    for name, process in zip(("kuendigung", "stoerung", "veraenderung"), processes, strict=True):
        page.goto(f"{live_server.url}/backoffice/vorgaenge/{process.ticket.reference}/")
        assert page.get_by_role("heading", name="Angaben").is_visible()
        violations = axe_violations(page)
        assert not violations, describe(f"process page {name}", violations)
        shot(page, f"process-staff-{name}")
    context.close()

    context, page = _page(browser, live_server, user=tenant.user, width=390)
    page.goto(f"{live_server.url}/portal/vorgaenge/")
    shot(page, "process-tenant-list-390")
    for name, process in zip(("kuendigung", "stoerung", "veraenderung"), processes, strict=True):
        page.goto(f"{live_server.url}/portal/vorgaenge/{process.ticket.reference}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(page)
        assert not violations, describe(f"tenant process page {name}", violations)
        shot(page, f"process-tenant-{name}-390")
    context.close()

    # The accused's page of the same case: the steps that concern them, nothing of who complained.
    context, page = _page(browser, live_server, user=neighbour.user, width=390)
    page.goto(f"{live_server.url}/portal/vorgaenge/{processes[1].ticket.reference}/")
    text = page.inner_text("main")
    assert "Mustermann" not in text and "Bassmusik" not in text and "Beschwerde erfassen" not in text
    shot(page, "process-accused-stoerung-390")
    context.close()
