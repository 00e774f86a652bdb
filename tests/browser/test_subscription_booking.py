"""Booking a parking space on a phone in Chromium: the tenant opens Zusatzleistungen, picks the offer, sees
the start prefilled with the next first of a month and the free space, books, and reads that the booking
waits for confirmation; then staff confirm it at their desk, and the tenant reads the monthly total and gives
notice with the earliest lawful end prefilled. Nothing on the way is wider than the screen. Screenshots
land in test-artifacts/."""

import pytest
from django.test import Client
from django.utils.formats import date_format

from subscriptions import booking
from subscriptions.models import Subscription
from tests.browser.conftest import ARTIFACTS
from tests.subscriptions.conftest import next_first, parking, space, subscription_templates  # noqa: F401
from tickets.actors import Actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _signed_in_phone(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_tenant_books_a_parking_space_on_a_phone(browser, live_server, parking, space, tenant, next_first):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = _signed_in_phone(browser, live_server, tenant.user)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/zusatzleistungen/")
    assert phone.get_by_text("35,00 € monatlich").first.is_visible()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "subscriptions-offer-phone.png"), full_page=True)

    phone.get_by_role("link", name="Stellplatz in der Tiefgarage buchen").click()
    start = phone.get_by_label("Beginn")
    assert start.input_value() == next_first.isoformat()
    assert phone.get_by_label("Stellplatz").locator("option").all_inner_texts()[0].startswith("P1")
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "subscriptions-book-phone.png"), full_page=True)

    phone.get_by_role("button", name="Verbindlich buchen").click()
    phone.wait_for_url("**/portal/zusatzleistungen/")
    assert phone.get_by_text("Ihre Buchung ist eingegangen").is_visible()
    card = phone.locator(".sub-card", has_text="P1").first
    assert "wartet auf Bestätigung" in card.inner_text()
    assert date_format(next_first, "DATE_FORMAT") in card.inner_text()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "subscriptions-booked-phone.png"), full_page=True)
    context.close()

    subscription = Subscription.objects.get()
    assert subscription.unit == space and subscription.starts_on == next_first


def test_staff_confirm_and_the_tenant_gives_notice_on_a_phone(
    browser,
    live_server,
    parking,  # noqa: F811
    space,  # noqa: F811
    tenant,
    case_worker,
    next_first,  # noqa: F811
):
    ARTIFACTS.mkdir(exist_ok=True)
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    office = _signed_in_phone(browser, live_server, case_worker)  # the same cookie works for staff
    desk = office.new_page()
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto(f"{live_server.url}/backoffice/zusatzleistungen/{subscription.pk}/")
    desk.get_by_role("button", name="Buchung bestätigen").click()
    assert desk.get_by_text("Bestätigt.").is_visible()
    desk.screenshot(path=str(ARTIFACTS / "subscriptions-confirmed-staff.png"), full_page=True)
    office.close()

    context = _signed_in_phone(browser, live_server, tenant.user)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/zusatzleistungen/")
    assert "35,00 € monatlich" in phone.locator("#monthly-total").inner_text()
    phone.get_by_role("link", name="Kündigen").click()
    earliest = booking.notice_earliest_end(subscription)
    assert phone.get_by_label("Ende zum").input_value() == earliest.isoformat()
    assert date_format(earliest, "DATE_FORMAT") in phone.locator("#earliest-end").inner_text()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "subscriptions-cancel-phone.png"), full_page=True)
    phone.get_by_role("button", name="Kündigung absenden").click()
    phone.wait_for_url("**/portal/zusatzleistungen/")
    card = phone.locator(".sub-card", has_text="P1").first
    assert "Kündigung wartet auf Bestätigung" in card.inner_text()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "subscriptions-notice-phone.png"), full_page=True)
    context.close()
    subscription.refresh_from_db()
    assert subscription.requested_end == earliest
