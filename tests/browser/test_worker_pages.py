"""In a real Chromium: a contractor works a job through the signed link, a caretaker finds theirs under
"Meine Aufträge", and the tenant's page shows what they entered. Screenshots at phone and desktop width go
to test-artifacts/ for a person to look at."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CaretakerAssignmentFactory,
    ContractorFactory,
    PartyFactory,
    StaffFactory,
    TicketFactory,
    resident_user,
)
from tests.portal.images import photo
from tickets import workflow
from tickets.actors import Actor
from tickets.models import WorkOrder
from tickets.uploads import attachments_add, clean_images
from tickets.work_orders import make_token

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_as(viewport: dict, user=None):
        context = browser.new_context(viewport=viewport, locale="de-DE")
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            host = live_server.url.split("//")[1].split(":")[0]
            cookie = {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
            context.add_cookies([cookie])
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_contractor_and_caretaker_work_their_jobs(
    open_page, live_server, shot, tenant, unit, case_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = Actor.for_user(StaffFactory())
    place = {"reporter": tenant, "unit": unit, "property": unit.building.property, "phone_consent": True}
    ticket = TicketFactory(
        **place,
        assignee=case_worker,
        availability="Werktags ab 16 Uhr",
        description="Der Wasserhahn in der Küche tropft.",
    )
    attachments_add(
        ticket=ticket, images=clean_images([photo(size=(640, 480))]), actor=Actor.for_party(tenant)
    )
    workflow.release(ticket, actor=staff, contractor=ContractorFactory(name="Sanitär Schulz GmbH"))
    token = make_token(WorkOrder.objects.get(ticket=ticket, revoked_at=None))

    page = open_page(PHONE)
    page.goto(live_server.url + reverse("contractor:work_order", args=[token]))
    assert page.get_by_text("Wohnungsbau Musterstadt eG").first.is_visible()
    shot(page, "contractor-page-phone")
    day = timezone.localdate() + dt.timedelta(days=3)
    page.fill("#appt-date", day.isoformat())
    page.fill("#appt-time", "09:30")
    page.fill("#appt-note", "Bitte Wasser abstellen")
    page.get_by_role("button", name="Termin vorschlagen").click()
    page.get_by_text("Ihr Terminvorschlag wurde").wait_for()
    page.get_by_role("button", name="Arbeiten begonnen").click()
    page.get_by_text("Beginn der Arbeiten gemeldet.").wait_for()
    assert page.get_by_role("button", name="Auftrag ablehnen").count() == 0
    shot(page, "contractor-page-in-progress-phone")
    page.fill("#done-note", "Dichtung getauscht")
    page.get_by_role("button", name="Erledigt melden").click()
    page.get_by_text("Erledigung gemeldet.").wait_for()

    desktop = open_page(DESKTOP)
    desktop.goto(live_server.url + reverse("contractor:work_order", args=[token]))
    shot(desktop, "contractor-page-done-desktop")

    tenant_page = open_page(PHONE, tenant.user)
    tenant_page.goto(live_server.url + reverse("portal:ticket", args=[ticket.reference]))
    assert tenant_page.get_by_text(f"{day:%d.%m.%Y} 09:30").is_visible()
    assert tenant_page.get_by_text("Bitte Wasser abstellen").is_visible()
    assert tenant_page.get_by_text("Dichtung getauscht").is_visible()
    shot(tenant_page, "tenant-ticket-after-contractor-phone")
    desk = open_page(DESKTOP, case_worker)
    desk.goto(live_server.url + reverse("backoffice:ticket", args=[ticket.reference]))
    assert desk.get_by_text(f"{day:%d.%m.%Y} 09:30").first.is_visible()
    assert desk.get_by_text("Bitte Wasser abstellen").is_visible()
    assert desk.get_by_text("Dichtung getauscht").is_visible()
    shot(desk, "staff-ticket-after-contractor-desktop")

    caretaker = PartyFactory(first_name="Hans", last_name="Hauswart")
    CaretakerAssignmentFactory(party=caretaker, property=unit.building.property)
    resident_user(caretaker)
    for description in ["Kellerlicht defekt", "Haustür schließt schwer"]:
        job = TicketFactory(**place, description=description)
        workflow.release(job, actor=staff, caretaker=caretaker)
    for name, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        jobs = open_page(viewport, caretaker.user)
        jobs.goto(live_server.url + reverse("portal:jobs"))
        assert jobs.get_by_role("link", name="Meine Aufträge").is_visible()
        shot(jobs, f"caretaker-jobs-{name}")
    jobs.get_by_role("link", name=job.item.label).first.click()
    jobs.get_by_role("button", name="Auftrag annehmen").click()
    jobs.get_by_text("Vielen Dank, Sie haben den Auftrag angenommen.").wait_for()
    shot(jobs, "caretaker-job-desktop")
