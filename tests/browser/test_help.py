"""Hilfe & FAQ in Chromium: the wizard answers with an article and "Das hat geholfen" ends without a
ticket; the help pages pass axe-core; screenshots of the help list, an article and the wizard's tip."""

import pytest
from django.conf import settings
from django.test import Client

from knowledge.models import ArticleHelped
from tests.factories import CatalogItemFactory, CategoryFactory, PartyFactory, TenancyFactory, resident_user
from tickets.models import Ticket

from ..knowledge.factories import ArticleCategoryFactory, ArticleFactory
from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = """<p>Ist in einem Raum der Strom weg, hat oft nur eine Sicherung ausgelöst.</p>
<h2>So geht es</h2><ol><li>Sicherungskasten im Flur öffnen.</li><li>Den Schalter, der nach unten zeigt,
wieder nach oben legen.</li></ol><p>Riecht es verbrannt? Dann rufen Sie uns an.</p>"""


@pytest.fixture
def signed_in(phone, live_server):
    """A tenant signed in the way the magic link leaves them (the link itself has its own journey test)."""
    tenant = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann")).party
    client = Client()
    client.force_login(resident_user(tenant))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    phone.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return tenant


@pytest.fixture
def power_article():
    item = CatalogItemFactory(
        name_de="Kein Strom in der Wohnung", group__name_de="Elektro", group__category=CategoryFactory()
    )
    article = ArticleFactory(
        slug="sicherung-pruefen",
        title_de="Sicherung prüfen",
        summary_de="Kein Strom in einem Raum? Meist hat nur eine Sicherung ausgelöst.",
        body_de=BODY,
        category=ArticleCategoryFactory(slug="strom", name_de="Strom und Licht"),
        items=[item],
    )
    ArticleFactory(
        title_de="Heizung entlüften",
        summary_de="Gluckert der Heizkörper, ist Luft darin.",
        category=ArticleCategoryFactory(slug="heizung", name_de="Heizung und Wasser"),
    )
    return item, article


def test_the_wizard_shows_the_items_article_and_that_helped_ends_without_a_ticket(
    live_server, phone, shot, signed_in, power_article
):
    item, article = power_article
    phone.goto(f"{live_server.url}/portal/melden/")
    phone.wait_for_function("window.htmx !== undefined")
    phone.locator(".p-choices a").first.click()
    phone.get_by_role("link", name="Schaden").click()
    phone.get_by_role("link", name="Elektro").click()
    phone.get_by_role("link", name="Kein Strom in der Wohnung").click()
    phone.get_by_role("heading", name="Sicherung prüfen").wait_for()
    assert phone.get_by_role("link", name="Trotzdem melden").is_visible()
    shot(phone, "help-03-wizard-article")
    phone.get_by_role("button", name="Das hat geholfen").click()
    phone.get_by_role("heading", name="Schön, dass es geklappt hat").wait_for()
    shot(phone, "help-04-helped")
    assert Ticket.objects.count() == 0
    helped = ArticleHelped.objects.get()
    assert (helped.article_id, helped.item_id) == (article.pk, item.pk)


def test_trotzdem_melden_continues_to_the_description(live_server, phone, signed_in, power_article):
    phone.goto(f"{live_server.url}/portal/melden/")
    phone.wait_for_function("window.htmx !== undefined")
    phone.locator(".p-choices a").first.click()
    phone.get_by_role("link", name="Schaden").click()
    phone.get_by_role("link", name="Elektro").click()
    phone.get_by_role("link", name="Kein Strom in der Wohnung").click()
    phone.get_by_role("link", name="Trotzdem melden").click()
    phone.get_by_label("Beschreibung").wait_for()
    assert "/portal/melden/angaben/?" in phone.url


def test_the_help_pages_have_no_axe_violations(live_server, phone, shot, signed_in, power_article):
    pages = {
        "help-01-list": "/portal/hilfe/",
        "help-02-article": "/portal/hilfe/sicherung-pruefen/",
        "help-05-search": "/portal/hilfe/?q=Sicherungen",
        "help-06-imprint": "/portal/impressum/",
    }
    problems = []
    for name, path in pages.items():
        phone.goto(live_server.url + path)
        shot(phone, name)
        problems += [describe(name, axe_violations(phone))] if axe_violations(phone) else []
    assert "Sicherung prüfen" in phone.goto(live_server.url + pages["help-05-search"]).text()
    assert problems == [], "\n".join(problems)
