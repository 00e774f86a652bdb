"""A case worker's day in a real Chromium: a follow-up set on the ticket page is reminded on its day and
ticked off there; a colleague added as watcher hears of the tenant's reply like the assignee does."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from notifications.follow_ups import remind_follow_ups
from notifications.models import OutboxMessage
from tests.factories import StaffFactory, TenancyFactory, TicketFactory, resident_user
from tickets.actors import Actor
from tickets.models import FollowUp, Message
from tickets.services import message_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


@pytest.fixture
def case(db):
    worker = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", email="sabine@example.org")
    colleague = StaffFactory(
        username="jan", first_name="Jan", last_name="Kollege", email="jan@example.org", wants_digest=False
    )
    tenancy = TenancyFactory()
    resident_user(tenancy.party)
    ticket = TicketFactory(reporter=tenancy.party, assignee=worker)
    return worker, colleague, ticket


def test_a_follow_up_is_set_reminded_on_its_day_and_ticked_off(live_server, browser, case):
    worker, _colleague, ticket = case
    day = timezone.localdate() + dt.timedelta(days=2)
    context, page = _signed_in(browser, live_server, worker)
    page.goto(f"{live_server.url}/backoffice/meldungen/{ticket.reference}/")
    page.get_by_text("Wiedervorlage", exact=True).click()
    panel = page.locator("details.bo-panel", has=page.get_by_role("button", name="Wiedervorlage setzen"))
    panel.get_by_label("Wiedervorlage am").fill(day.isoformat())
    panel.get_by_label("Notiz").fill("Rückruf Hausverwaltung abwarten")
    panel.get_by_role("button", name="Wiedervorlage setzen").click()
    page.get_by_text("Wiedervorlage (1)").wait_for()

    assert remind_follow_ups(today=day - dt.timedelta(days=1)) == 0
    assert remind_follow_ups(today=day) == 1
    assert remind_follow_ups(today=day) == 0  # once per follow-up and day
    reminder = OutboxMessage.objects.get(kind__startswith="follow_up", recipient_address=worker.email)
    assert "Rückruf Hausverwaltung abwarten" in reminder.body_text

    page.reload()
    page.get_by_text("Wiedervorlage (1)").click()
    page.get_by_text("Erledigen, verschieben, übergeben").click()
    page.get_by_label("erledigt").check()
    page.get_by_role("button", name="Ausführen").click()
    page.get_by_text("Wiedervorlage", exact=True).wait_for()
    context.close()
    assert FollowUp.objects.get(ticket=ticket).done_at is not None


def test_a_watcher_added_on_the_page_hears_of_the_tenants_reply(live_server, browser, case):
    worker, colleague, ticket = case
    context, page = _signed_in(browser, live_server, worker)
    page.goto(f"{live_server.url}/backoffice/meldungen/{ticket.reference}/")
    page.get_by_text("Beobachter", exact=True).click()
    page.get_by_label("Kollegin/Kollege").select_option(label=str(colleague))
    page.get_by_role("button", name="Hinzufügen").click()
    page.get_by_text("Beobachter (1)").wait_for()
    context.close()

    message_add(
        ticket=ticket,
        actor=Actor.for_party(ticket.reporter),
        kind=Message.Kind.TENANT,
        body="Wann kommt jemand?",
    )
    told = set(OutboxMessage.objects.filter(kind="tenant_reply").values_list("recipient_address", flat=True))
    assert told == {worker.email, colleague.email}
