"""The application in Chromium on a phone: the tenant names the partner by contract number and surname,
sees only the fields of the chosen kind of partner, sends the application and reads its state; nothing on
the pages is wider than the phone, and they have no accessibility violations. Screenshots land in
test-artifacts/."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from estate.models import Party
from notifications.models import OutboxMessage
from swaps import services
from swaps.models import HomeSwap
from swaps.standard import install
from tests.browser.axe import axe_violations, describe
from tests.swaps.conftest import applicant, partner, swap_templates  # noqa: F401  (the swap's fixtures)
from tickets.actors import Actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_tenant_applies_on_a_phone(browser, live_server, shot, applicant, partner):  # noqa: F811
    install(apps)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    client = Client()
    client.force_login(applicant.user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    phone = context.new_page()
    try:
        phone.goto(live_server.url + reverse("portal:swap_apply"))
        phone.get_by_role("heading", name="Wohnungstausch beantragen").wait_for()
        assert phone.locator("#swap-partner-tenant").is_visible()
        assert not phone.locator("#swap-partner-outside").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(phone)
        assert not violations, describe("swap application", violations)
        shot(phone, "swap-apply-phone")

        # Someone from outside: only their name and e-mail are asked; then back to a tenant of ours.
        phone.get_by_label("nicht Mieter/in bei uns").check()
        assert phone.locator("#swap-partner-outside").is_visible()
        assert not phone.locator("#swap-partner-tenant").is_visible()
        phone.get_by_label("auch Mieter/in bei uns").check()

        phone.get_by_label("Wie viele Personen").fill("2")
        wished = timezone.localdate() + dt.timedelta(days=60)
        phone.get_by_label("Gewünschter Tauschtermin").fill(wished.isoformat())
        phone.get_by_label("Vertragsnummer Ihres Tauschpartners").fill("W-200-7")
        phone.get_by_label("Nachname Ihres Tauschpartners").fill("Brandt")
        phone.get_by_role("button", name="Antrag stellen").click()
        phone.get_by_role("heading", name="Ihr Wohnungstausch").wait_for()
        assert "Bernd Brandt" in phone.locator("#swap-facts").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(phone)
        assert not violations, describe("swap state", violations)
        shot(phone, "swap-state-phone")
        swap = HomeSwap.objects.get()
        assert swap.partner == partner and swap.wished_date == wished

        # A second application while this one runs leads to its state.
        phone.goto(live_server.url + reverse("portal:swap_apply"))
        assert phone.url.endswith(reverse("portal:swap", args=[swap.reference]))
    finally:
        context.close()


def test_the_partner_from_outside_confirms_and_follows_the_swap_on_a_phone(
    browser,
    live_server,
    shot,
    applicant,  # noqa: F811
):
    """Olga is not our tenant: she opens the link of her invitation, gives her present home and landlord,
    confirms, and then follows the swap on her own portal page, which asks her for the certificate of her
    present landlord (not for a rent account she does not have with us)."""
    install(apps)
    swap = services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=1,
        wished_date=timezone.localdate() + dt.timedelta(days=60),
        outside={"first_name": "Olga", "last_name": "Ostermann", "email": "olga@example.net"},
    )
    body = OutboxMessage.objects.get(kind="swap_partner_invitation").body_text
    link = re.search(r"/portal/wohnungstausch/bestaetigen/[^/\s]+/", body).group(0)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    phone = context.new_page()
    try:
        phone.goto(live_server.url + link)
        phone.get_by_role("heading", name="Wohnungstausch bestätigen").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(phone)
        assert not violations, describe("swap partner link", violations)
        assert "(freiwillig) (freiwillig)" not in phone.locator("main").inner_text()
        shot(phone, "swap-partner-outside-phone")
        phone.get_by_label("Wie viele Personen").fill("2")
        phone.get_by_label("Jetzige Anschrift: Straße und Hausnummer").fill("Hafenstraße 3")
        phone.get_by_label("PLZ").fill("20457")
        phone.get_by_label("Ort").fill("Hamburg")
        phone.get_by_label("Jetzige/r Vermieter/in").fill("Hansa Wohnen GmbH")
        phone.get_by_role("button", name="Ich bestätige den gemeinsamen Antrag").click()
        phone.get_by_role("link", name="Stand im Mieterportal verfolgen").wait_for()
        assert "Hafenstraße 3, 20457 Hamburg, 2 Personen" in phone.locator("#swap-text").inner_text()
        shot(phone, "swap-partner-outside-confirmed-phone")

        olga = Party.objects.get(email="olga@example.net")
        client = Client()
        client.force_login(olga.user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        phone.get_by_role("link", name="Stand im Mieterportal verfolgen").click()
        phone.get_by_role("heading", name="Ihr Wohnungstausch").wait_for()
        checks = phone.locator("#swap-checks").inner_text()
        assert "Mietschuldenfreiheitsbescheinigung" in checks and swap.reference in checks
        assert "Mietkonto" not in checks
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(phone)
        assert not violations, describe("swap state of the outside partner", violations)
        shot(phone, "swap-state-outside-partner-phone")
    finally:
        context.close()
