"""The portal works from the keyboard: skip link, visible focus, forms sent with Enter, errors focused."""

import pytest

from tests.factories import PartyFactory, TenancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
        return {tag: el.tagName, cls: el.className, text: el.textContent.trim(),
                outline: getComputedStyle(el).outlineStyle}; }"""
    )


def test_sign_in_works_from_the_keyboard_with_visible_focus(live_server, browser, shot):
    TenancyFactory(party=PartyFactory(email="erika@example.org"))
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/anmelden/gesendet/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Zum Inhalt springen" and first["outline"] != "none"
    shot(page, "kbd-01-skip-link")
    page.goto(f"{live_server.url}/portal/anmelden/")
    # An empty form sent with Enter comes back with the error summary focused.
    page.get_by_label("Ihre E-Mail-Adresse").focus()
    page.keyboard.press("Enter")
    page.locator(".p-error-summary").wait_for()
    assert "p-error-summary" in focused(page)["cls"]
    shot(page, "kbd-02-error-summary")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link leads to the field
    assert focused(page)["tag"] == "INPUT"
    page.keyboard.type("erika@example.org")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bitte prüfen Sie Ihr Postfach").wait_for()
    context.close()
