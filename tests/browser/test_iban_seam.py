"""The IBAN seam end to end in Chromium: a tenant reports a new bank account in the portal; the case
worker sees the report's answers with the IBAN masked and unmasks it through the logged door. Screenshots
of both ticket pages (phone and desktop) land in test-artifacts/."""

import pytest
from django.test import Client

from catalogs.models import ExtraField
from estate.models import IbanAccess
from tests.factories import CatalogItemFactory, ExtraFieldFactory, StaffFactory
from tickets.models import ChangeRequest, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IBAN = "DE89370400440532013000"


def signed_in(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def test_tenant_reports_a_new_iban_and_staff_unmask_it_through_the_logged_door(
    browser, live_server, shot, tenant, unit
):
    item = CatalogItemFactory(
        name_de="Bankverbindung ändern",
        change_request_kind="bank_account",
        group__name_de="Mietvertrag und Daten",
        group__category__name_de="Vertragsanliegen",
        group__category__kind="tenancy",
        group__category__allows_public=False,
        allows_public=False,
    )
    ExtraFieldFactory(item=item, key="iban", kind=ExtraField.Kind.IBAN, label_de="Neue IBAN", position=1)
    ExtraFieldFactory(item=item, key="kontoinhaber", label_de="Kontoinhaber", position=2)
    case_worker = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])

    tenant_context = signed_in(browser, live_server, tenant.user, {"width": 390, "height": 844})
    phone = tenant_context.new_page()
    phone.goto(f"{live_server.url}/portal/melden/angaben/?place=u{unit.pk}&item={item.pk}")
    assert phone.locator('input[name="photos"]').count() == 0
    phone.get_by_label("Neue IBAN").fill("DE89 3704 0044 0532 0130 00")
    phone.get_by_label("Kontoinhaber").fill("Erika Mustermann")
    phone.get_by_role("button", name="Meldung absenden").click()
    phone.wait_for_url("**/melden/gemeldet/**")
    ticket = Ticket.objects.get()
    assert ChangeRequest.objects.get().ticket == ticket
    phone.goto(f"{live_server.url}/portal/meldungen/{ticket.reference}/")
    phone.get_by_text("Neue IBAN").wait_for()
    assert IBAN not in phone.content()
    assert "DE89 **** **** **** **30 00" in phone.content()
    shot(phone, "answers-tenant-ticket-phone")
    tenant_context.close()

    staff_context = signed_in(browser, live_server, case_worker, {"width": 1366, "height": 900})
    desk = staff_context.new_page()
    desk.goto(f"{live_server.url}/backoffice/meldungen/{ticket.reference}/")
    desk.get_by_role("heading", name="Angaben zur Meldung").wait_for()
    assert IBAN not in desk.content()
    assert not IbanAccess.objects.exists()
    shot(desk, "answers-staff-ticket-masked-desktop")
    desk.get_by_role("button", name="IBAN vollständig anzeigen (wird protokolliert)").click()
    desk.get_by_text(IBAN).wait_for()
    access = IbanAccess.objects.get()
    assert (access.user, access.party, access.purpose) == (case_worker, tenant, IbanAccess.PURPOSE_TICKET)
    shot(desk, "answers-staff-ticket-unmasked-desktop")
    desk.set_viewport_size({"width": 390, "height": 844})
    desk.goto(f"{live_server.url}/backoffice/meldungen/{ticket.reference}/")
    shot(desk, "answers-staff-ticket-phone")
    staff_context.close()
