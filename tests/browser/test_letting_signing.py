"""The new tenant signs the Mietvertrag on a phone in Chromium: the contract page at 390 px, the terms,
the drawing field (static/backoffice/inspection.js), the signature kept with its hash. Screenshots land in
test-artifacts/."""

import pytest
from django.test import Client

from letting.models import Letting
from tests.browser.axe import axe_violations, describe
from tests.letting.conftest import (  # noqa: F401  (the letting's fixtures)
    letting,
    letting_templates,
    newcomer,
    newcomer_user,
    vacant_unit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def draw(page, canvas) -> None:
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] * (0.3 + 0.4 * (step % 2)))
    page.mouse.up()


def test_the_new_tenant_signs_on_a_phone(browser, live_server, shot, letting, newcomer_user):  # noqa: F811
    context = signed_in(browser, live_server, newcomer_user)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/neuer-mietvertrag/")
    phone.get_by_role("heading", name="Mietvertrag", exact=True).wait_for()
    assert "792,50 €" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_violations(phone)
    assert not violations, describe("letting page", violations)
    shot(phone, "letting-sign-phone")

    # Without drawing, the page says what is missing and nothing is signed.
    phone.get_by_label(
        "Ich habe den Mietvertrag gelesen und schließe ihn mit meiner Unterschrift ab."
    ).check()
    phone.get_by_role("button", name="Mietvertrag unterschreiben").click()
    phone.get_by_text("Bitte unterschreiben Sie im Feld – oder geben Sie Ihren Namen so ein").first.wait_for()

    phone.get_by_label(
        "Ich habe den Mietvertrag gelesen und schließe ihn mit meiner Unterschrift ab."
    ).check()
    draw(phone, phone.locator("canvas"))
    phone.get_by_role("button", name="Mietvertrag unterschreiben").click()
    phone.get_by_text("Vielen Dank, Sie haben den Mietvertrag unterschrieben.").wait_for()
    phone.get_by_text("wartet auf Gegenzeichnung").first.wait_for()
    shot(phone, "letting-signed-phone")
    context.close()

    letting = Letting.objects.select_related("tenant_signature").get(pk=letting.pk)
    assert letting.state == Letting.State.TENANT_SIGNED
    signature = letting.tenant_signature
    assert signature.document_hash == letting.contract_hash
    assert signature.image and "Chrome" in signature.user_agent
