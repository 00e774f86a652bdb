"""The tenant asks for a Wohnungsgeberbestätigung on a phone: from Meine Dokumente to the Bescheinigungen
page, one button, the certificate issued at once with its PDF; the page passes axe (WCAG 2.1 AA).
Screenshots land in test-artifacts/."""

import pytest
from django.test import Client

from certificates.models import Certificate
from tests.browser.axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pdf]


def _phone(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def test_tenant_gets_the_wohnungsgeberbestaetigung_on_a_phone(browser, live_server, shot, tenant):
    page = _phone(browser, live_server, tenant.user).new_page()
    page.goto(f"{live_server.url}/portal/dokumente/")
    page.get_by_role("link", name="Bescheinigungen").click()
    page.get_by_role("heading", name="Bescheinigungen", exact=True).wait_for()
    violations = axe_violations(page)
    assert not violations, describe("certificates page", violations)
    shot(page, "certificates-choose-phone")

    page.get_by_role("button", name="Anfordern Wohnungsgeberbestätigung").click()
    page.get_by_text("Wohnungsgeberbestätigung ist ausgestellt.").wait_for()
    link = page.get_by_role("link", name="(PDF)")
    assert link.is_visible() and "Wohnungsgeberbestätigung (Einzug" in link.inner_text()
    certificate = Certificate.objects.get(party=tenant)
    assert certificate.state == Certificate.State.ISSUED and certificate.document is not None
    violations = axe_violations(page)
    assert not violations, describe("certificate issued", violations)
    shot(page, "certificates-issued-phone")
