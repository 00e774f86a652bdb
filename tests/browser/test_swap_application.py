"""The application in Chromium on a phone: the tenant names the partner by contract number and surname,
sees only the fields of the chosen kind of partner, sends the application and reads its state; nothing on
the pages is wider than the phone, and they have no accessibility violations. Screenshots land in
test-artifacts/."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from swaps.models import HomeSwap
from swaps.standard import install
from tests.browser.axe import axe_violations, describe
from tests.swaps.conftest import applicant, partner, swap_templates  # noqa: F401  (the swap's fixtures)

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
