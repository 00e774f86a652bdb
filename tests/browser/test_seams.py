"""The seams between the parties in Chromium: a case worker releases a job to the caretaker, who is mailed,
finds it under "Meine Aufträge" and reports it done, and the tenant is told with the caretaker's note; a
case worker closes a ticket and still finds it by search."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogs.models import ExtraField
from notifications.models import OutboxMessage
from tests.factories import (
    CaretakerAssignmentFactory,
    CatalogItemFactory,
    ExtraFieldFactory,
    PartyFactory,
    TicketFactory,
    resident_user,
)
from tickets.search import refresh_search_vector
from tickets.status import Status

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_page(browser, live_server):
    """A page in its own context, signed in as `user` where one is given."""
    contexts = []

    def open_as(viewport: dict, user=None):
        context = browser.new_context(viewport=viewport, locale="de-DE")
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            host = live_server.url.split("//")[1].split(":")[0]
            session = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_released_to_the_caretaker_who_is_mailed_does_it_and_the_tenant_is_told(
    open_page, live_server, shot, tenant, unit, case_worker
):
    item = CatalogItemFactory(name_de="Licht defekt", group__category__kind="damage")
    ExtraFieldFactory(item=item, key="raum", kind=ExtraField.Kind.TEXT, label_de="Welcher Raum?")
    ticket = TicketFactory(
        item=item,
        reporter=tenant,
        unit=unit,
        property=unit.building.property,
        assignee=case_worker,
        description="Im Kellerflur brennt kein Licht.",
        answers={"raum": "Kellerflur"},
    )
    caretaker = PartyFactory(first_name="Hans", last_name="Hauswart")
    CaretakerAssignmentFactory(party=caretaker, property=unit.building.property)
    resident_user(caretaker)

    desk = open_page(DESKTOP, case_worker)
    desk.goto(live_server.url + reverse("backoffice:ticket", args=[ticket.reference]))
    desk.get_by_text("Arbeit freigeben").click()
    desk.check('input[name="target"][value="caretaker"]')
    desk.select_option('select[name="caretaker"]', str(caretaker.pk))
    desk.get_by_role("button", name="Freigeben", exact=True).click()
    desk.get_by_text("Hans Hauswart").first.wait_for()

    mail = OutboxMessage.objects.get(kind="caretaker_job")
    assert mail.recipient_address == caretaker.email
    assert "Welcher Raum?: Kellerflur" in mail.body_text
    job_link = reverse("portal:job", args=[ticket.reference])
    assert job_link in mail.body_text

    jobs = open_page(PHONE, caretaker.user)
    jobs.goto(live_server.url + reverse("portal:jobs"))
    jobs.get_by_role("link", name="Licht defekt").first.click()
    jobs.wait_for_url(f"**{job_link}")
    assert jobs.get_by_text("Kellerflur").first.is_visible()
    jobs.get_by_role("button", name="Auftrag annehmen").click()
    jobs.get_by_text("Vielen Dank, Sie haben den Auftrag angenommen.").wait_for()
    day = timezone.localdate() + dt.timedelta(days=1)
    jobs.fill("#appt-date", day.isoformat())
    jobs.fill("#appt-time", "08:00")
    jobs.fill("#appt-note", "Ich komme mit Leiter")
    jobs.get_by_role("button", name="Termin vorschlagen").click()
    jobs.get_by_text("Ihr Terminvorschlag wurde").wait_for()
    jobs.get_by_role("button", name="Arbeiten begonnen").click()
    jobs.get_by_text("Beginn der Arbeiten gemeldet.").wait_for()
    jobs.fill("#done-note", "Leuchtmittel getauscht")
    jobs.get_by_role("button", name="Erledigt melden").click()
    jobs.get_by_text("Erledigung gemeldet.").wait_for()
    shot(jobs, "seam-caretaker-job-done-phone")

    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    told = OutboxMessage.objects.filter(kind="status_changed", recipient_address=tenant.email)
    assert told.exists()
    tenant_page = open_page(PHONE, tenant.user)
    tenant_page.goto(live_server.url + reverse("portal:ticket", args=[ticket.reference]))
    assert tenant_page.get_by_text(f"{day:%d.%m.%Y} 08:00").first.is_visible()
    assert tenant_page.get_by_text("Ich komme mit Leiter").is_visible()
    assert tenant_page.get_by_text("Leuchtmittel getauscht").is_visible()
    desk.reload()
    assert desk.get_by_text("Leuchtmittel getauscht").is_visible()


def test_a_case_worker_closes_a_ticket_and_still_finds_it_by_search(open_page, live_server, case_worker):
    # Nobody's ticket and of no team of hers: she is tied to it only by having closed it.
    ticket = TicketFactory(status=Status.IN_PROGRESS, description="Briefkasten klemmt", assignee=None)
    refresh_search_vector([ticket.pk])

    desk = open_page(DESKTOP, case_worker)
    desk.goto(live_server.url + reverse("backoffice:ticket", args=[ticket.reference]))
    desk.get_by_role("button", name="Als erledigt abschließen").click()
    desk.locator(".badge.status-done").wait_for()

    desk.goto(live_server.url + reverse("backoffice:queue"))
    assert desk.get_by_role("link", name=ticket.reference).count() == 0
    desk.fill('input[name="q"]', "Briefkasten")
    desk.get_by_role("button", name="Suchen").click()
    desk.get_by_text("Suche in allen Meldungen, die Sie sehen dürfen").wait_for()
    desk.get_by_role("link", name=ticket.reference).first.click()
    desk.wait_for_url(f"**{reverse('backoffice:ticket', args=[ticket.reference])}")
    assert desk.get_by_text("Briefkasten klemmt").is_visible()
