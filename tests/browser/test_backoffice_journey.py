"""A case worker's day in a real Chromium: sign in, open the queue and a new ticket, answer with a text
block, release the work to a contractor and set a follow-up. axe-core (WCAG 2.1 A and AA) finds nothing
on the queue or the ticket page; screenshots land in test-artifacts/."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.backoffice.factories import StandardAttachmentFactory, TextBlockFactory
from tests.factories import (
    CatalogItemFactory,
    ContractorFactory,
    PartyFactory,
    StaffFactory,
    TenancyFactory,
    TicketFactory,
)
from tickets.models import Attachment, FollowUp, Message

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def _check(page, name):
    violations = axe_violations(page)
    assert not violations, describe(name, violations)


def test_case_worker_answers_releases_and_sets_a_follow_up(live_server, desk, shot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    worker = StaffFactory(
        username="sabine",
        first_name="Sabine",
        last_name="Sachbearbeiterin",
        signature="Mit freundlichen Grüßen\nSabine Sachbearbeiterin",
    )
    tenancy = TenancyFactory(
        party=PartyFactory(salutation="Frau", first_name="Erika", last_name="Mustermann")
    )
    item = CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")
    ticket = TicketFactory(
        item=item,
        reporter=tenancy.party,
        property=tenancy.unit.building.property,
        unit=tenancy.unit,
        assignee=worker,
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    TicketFactory(assignee=worker, description="Heizung im Bad bleibt kalt.")
    TextBlockFactory(
        title="Eingangsbestätigung", body_de="{salutation},\n\nwir kümmern uns um Ihre Meldung {reference}."
    )
    StandardAttachmentFactory(title="Hausordnung")
    ContractorFactory(name="Sanitär Schulz GmbH")

    desk.goto(f"{live_server.url}/backoffice/")
    desk.get_by_label("Benutzername").fill("sabine")
    desk.get_by_label("Passwort").fill("correct-horse-battery")
    shot(desk, "bo-01-signin")
    desk.get_by_role("button", name="Anmelden").click()
    desk.get_by_role("heading", name="Arbeitskorb").wait_for()
    shot(desk, "bo-02-queue")
    _check(desk, "queue")

    desk.get_by_role("link", name=ticket.reference).click()
    desk.get_by_role("heading", name=f"{ticket.reference} · WC-Spülung defekt").wait_for()
    shot(desk, "bo-03-ticket")
    _check(desk, "ticket")

    desk.get_by_label("Textbaustein").select_option(label="Eingangsbestätigung")
    desk.get_by_role("button", name="Einfügen").click()
    body = desk.get_by_label("Text:", exact=True)
    expect(body).to_have_value(re.compile("wir kümmern uns"))
    assert "Sehr geehrte Frau Mustermann," in body.input_value()
    # The signature is added to every reply when it is sent (notifications.reply_frame), not to the block.
    assert "Sabine Sachbearbeiterin" not in body.input_value()
    desk.get_by_label("Hausordnung").check()
    shot(desk, "bo-04-reply-filled")
    desk.get_by_role("button", name="Speichern", exact=True).click()
    desk.get_by_text("Gespeichert.").wait_for()
    reply = Message.objects.get(ticket=ticket, kind="public")
    assert ticket.reference in reply.body
    assert Attachment.objects.filter(message=reply).count() == 1

    desk.get_by_text("Arbeit freigeben").click()
    desk.get_by_label("Handwerker", exact=True).first.check()
    desk.locator("select[name=contractor]").select_option(label="Sanitär Schulz GmbH")
    shot(desk, "bo-05-release")
    desk.get_by_role("button", name="Freigeben", exact=True).click()
    desk.get_by_text("Die Arbeit ist freigegeben.").wait_for()

    panel = desk.locator("details", has=desk.locator("summary", has_text="Wiedervorlage"))
    panel.locator("summary").click()
    day = timezone.localdate() + dt.timedelta(days=7)
    panel.get_by_label("Wiedervorlage am").fill(day.isoformat())
    panel.get_by_label("Notiz").fill("Handwerker nachfragen")
    desk.get_by_role("button", name="Wiedervorlage setzen").click()
    desk.get_by_text(f"Wiedervorlage am {day:%d.%m.%Y} ist gesetzt.").wait_for()
    assert FollowUp.objects.get(ticket=ticket).note == "Handwerker nachfragen"
    shot(desk, "bo-06-ticket-after")
    _check(desk, "ticket after release")

    desk.get_by_role("link", name="Kalender").click()
    desk.get_by_role("link", name="Nächste Woche →").click()
    desk.get_by_text("Handwerker nachfragen").wait_for()
    shot(desk, "bo-07-calendar")
    _check(desk, "calendar")
