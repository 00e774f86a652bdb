import re

import pytest

from tests.factories import CatalogItemFactory, PartyFactory, TenancyFactory
from tickets.models import Ticket

from ..portal.images import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tenant_signs_in_by_mail_and_reports_damage_with_a_photo(
    live_server, phone, shot, mailoutbox, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    tenant = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann")).party
    CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")
    picture = tmp_path / "wc.jpg"
    picture.write_bytes(photo("wc.jpg", size=(800, 600)).read())

    csp_errors = watch_csp(phone)
    phone.goto(f"{live_server.url}/portal/anmelden/")
    phone.get_by_label("Ihre E-Mail-Adresse").fill(tenant.email)
    shot(phone, "01-login")
    phone.get_by_role("button", name="Anmeldelink senden").click()
    phone.get_by_role("heading", name="Bitte prüfen Sie Ihr Postfach").wait_for()
    shot(phone, "02-link-sent")

    link = re.search(r"http://\S+/portal/anmelden/link/\S+/", mailoutbox[0].body).group(0)
    phone.goto(link)
    shot(phone, "03-link-page")
    phone.get_by_role("button", name="Anmelden", exact=True).click()
    phone.get_by_role("heading", name="Guten Tag, Erika Mustermann").wait_for()
    shot(phone, "04-home")

    phone.get_by_role("link", name="Schaden oder Anliegen melden").click()
    phone.get_by_role("heading", name="Wo ist es?").wait_for()
    shot(phone, "05-place")
    # htmx swaps each later step into this page: a marker set now survives only if the page never reloads.
    phone.wait_for_function("window.htmx !== undefined")
    phone.evaluate("window.__marker = 'wizard'")
    phone.locator(".p-choices a").first.click()
    step(phone, "Worum geht es?")
    phone.get_by_role("link", name="Schaden").click()
    step(phone, "Welcher Bereich?")
    phone.get_by_role("link", name="Sanitär").click()
    step(phone, "Was genau?")
    next_field = phone.locator('.p-lang input[name="next"]')
    assert next_field.input_value() == phone.url.removeprefix(live_server.url)  # language switch stays here
    shot(phone, "06-item")
    phone.go_back()  # Back shows the previous step again, and forward again the one after
    phone.get_by_role("heading", name="Welcher Bereich?").wait_for()
    phone.get_by_role("link", name="Sanitär").click()
    step(phone, "Was genau?")
    phone.get_by_role("link", name="WC-Spülung defekt").click()
    step(phone, "WC-Spülung defekt")
    assert "/portal/melden/angaben/?" in phone.url  # the redirect's target, not the item link
    phone.get_by_role("button", name="Meldung absenden").click()
    phone.locator(".p-error-summary:focus").wait_for()  # errors come back in place, focused
    assert phone.evaluate("window.__marker") == "wizard"
    phone.get_by_label("Beschreibung").fill("Die Spülung läuft seit gestern ständig nach.")
    phone.get_by_label("Fotos").set_input_files(str(picture))
    shot(phone, "07-details")
    phone.get_by_role("button", name="Meldung absenden").click()
    step(phone, "Vielen Dank für Ihre Meldung")
    assert phone.url.endswith(f"/portal/melden/gemeldet/{Ticket.objects.get().reference}/")
    shot(phone, "08-done")
    phone.reload()  # the pushed address shows the confirmation again as a whole page
    phone.get_by_role("heading", name="Vielen Dank für Ihre Meldung").wait_for()

    ticket = Ticket.objects.get()
    assert ticket.attachments.count() == 1
    phone.get_by_role("link", name="Meldung ansehen").click()
    thumbnail = phone.locator(".p-photos img").first
    thumbnail.wait_for()
    loaded = phone.request.get(live_server.url + thumbnail.get_attribute("src"))
    assert (loaded.status, loaded.headers["content-type"]) == (200, "image/jpeg")
    phone.wait_for_function("document.querySelector('.p-photos img').naturalWidth > 0")
    shot(phone, "09-ticket")
    phone.get_by_role("link", name="Meine Meldungen").first.click()
    assert ticket.reference in phone.content()
    shot(phone, "10-my-tickets")
    assert not csp_errors, csp_errors


def test_the_csp_watch_reports_an_inline_style(live_server, browser):
    """Guards the journey's CSP check: a blocked inline style must be seen."""
    page = browser.new_page()
    errors = watch_csp(page)
    page.goto(f"{live_server.url}/portal/anmelden/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("document.querySelector('p[style]') !== null")
    page.wait_for_timeout(200)
    page.close()
    assert errors


def watch_csp(page) -> list[str]:
    """Chromium reports every resource or inline code the Content-Security-Policy blocks on the console."""
    errors: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    return errors


def step(page, heading: str) -> None:
    """The next step arrived without a page load, its heading focused for screen readers."""
    page.get_by_role("heading", name=heading, level=1).wait_for()
    page.locator("h1:focus").wait_for()
    assert page.evaluate("window.__marker") == "wizard", f"{heading}: the page was loaded anew"
