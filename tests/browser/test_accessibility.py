"""axe-core (WCAG 2.1 A and AA) finds nothing on any portal page, at phone and at desktop width.

One test per width walks the whole portal as one tenant: both sign-in pages, home, every wizard step,
a form with errors, the confirmation, the ticket pages, notices, documents and my data. Screenshots of
every page land in test-artifacts/.
"""

import pytest

from accounts import magic
from tests.factories import (
    BankAccountFactory,
    CatalogItemFactory,
    ChangeRequestFactory,
    DocumentFactory,
    NoticePostFactory,
    PartyFactory,
    TenancyFactory,
    TicketFactory,
    UnitFactory,
)
from tickets.models import Visibility

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def estate(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    tenancy = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann"))
    tenant = tenancy.party
    prop = tenancy.unit.building.property
    item = CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")
    neighbour = TenancyFactory(unit=UnitFactory(building=tenancy.unit.building)).party
    TicketFactory(
        item=item,
        property=prop,
        reporter=neighbour,
        visibility=Visibility.PUBLIC,
        description="Haustür schließt nicht.",
    )
    NoticePostFactory(property=prop)
    DocumentFactory(party=tenant)
    BankAccountFactory(party=tenant, holder="Erika Mustermann")
    ChangeRequestFactory(party=tenant, state="rejected", reason="Der Kontoinhaber fehlt.")
    return tenant


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_portal_page_has_no_axe_violations(live_server, browser, shot, estate, width):
    context = browser.new_context(viewport=VIEWPORTS[width], locale="de-DE")
    page = context.new_page()
    found: list[str] = []

    def audit(name: str) -> None:
        page.wait_for_load_state()
        shot(page, f"a11y-{width}-{name}")
        violations = axe_violations(page)
        if violations:
            found.append(describe(name, violations))

    url = live_server.url
    page.goto(f"{url}/portal/anmelden/")
    audit("01-login")
    tokens = []
    magic.link_request(email=estate.email, build_url=tokens.append)
    page.goto(f"{url}/portal/anmelden/link/{tokens[0]}/")
    audit("02-link")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("heading", name="Guten Tag, Erika Mustermann").wait_for()
    audit("03-home")

    def swapped(heading: str) -> None:
        """htmx swaps wizard steps in without a page load; audit only once the new step is there."""
        page.get_by_role("heading", name=heading, level=1).wait_for()

    page.get_by_role("link", name="Schaden oder Anliegen melden").click()
    swapped("Wo ist es?")
    audit("04-wizard-place")
    page.locator(".p-choices a").first.click()
    swapped("Worum geht es?")
    audit("05-wizard-category")
    page.get_by_role("link", name="Schaden").click()
    swapped("Welcher Bereich?")
    audit("06-wizard-group")
    page.get_by_role("link", name="Sanitär").click()
    swapped("Was genau?")
    audit("07-wizard-item")
    page.get_by_role("link", name="WC-Spülung defekt").click()
    swapped("WC-Spülung defekt")
    audit("08-wizard-details")
    page.get_by_role("button", name="Meldung absenden").click()
    page.locator(".p-error-summary").wait_for()
    audit("09-wizard-details-errors")
    page.get_by_label("Beschreibung").fill("Die Spülung läuft seit gestern ständig nach.")
    page.get_by_role("button", name="Meldung absenden").click()
    page.get_by_role("heading", name="Vielen Dank für Ihre Meldung").wait_for()
    audit("10-confirmation")
    page.get_by_role("link", name="Meldung ansehen").click()
    audit("11-ticket")

    for path, name in [
        ("/portal/meldungen/", "12-my-tickets"),
        ("/portal/haus/", "13-building-tickets"),
        ("/portal/aushang/", "14-notices"),
        ("/portal/dokumente/", "15-documents"),
        ("/portal/meine-daten/", "16-my-data"),
    ]:
        page.goto(url + path)
        audit(name)
    page.get_by_role("textbox", name="Telefonnummer").fill("bitte anrufen")
    page.get_by_role("button", name="Telefonnummer speichern").click()
    page.locator(".p-error-summary").wait_for()
    audit("17-my-data-errors")
    context.close()

    assert not found, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(found)


def test_the_axe_check_reports_an_unlabelled_field(browser):
    """Guards the check above: a page with a known fault must not pass."""
    page = browser.new_page()
    page.set_content('<html lang="de"><title>x</title><main><input type="text"></main></html>')
    violations = axe_violations(page)
    page.close()
    assert "label" in {v["id"] for v in violations}
    assert "label" in describe("test", violations)
