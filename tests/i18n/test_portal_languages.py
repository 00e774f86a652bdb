"""The tenant portal in English and Dutch: chosen by cookie, browser header or the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

STATUSES = {
    "de": ["Offen", "Freigegeben", "In Bearbeitung", "Erledigt", "Abgelehnt"],
    "en": ["Open", "Released", "In progress", "Done", "Rejected"],
    "nl": ["Open", "Vrijgegeven", "In behandeling", "Afgehandeld", "Afgewezen"],
}


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant.user)
    return client


def title_of(page) -> str:
    html = page.content.decode()
    return html[html.index("<title>") + len("<title>") : html.index("</title>")]


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [("en", "Sign in", "Send sign-in link"), ("nl", "Inloggen", "Inloglink versturen")],
)
def test_sign_in_page_speaks_the_language_from_the_cookie(client, lang, title, button):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("portal:login"))
    html = page.content.decode()
    assert title_of(page).startswith(title)
    assert button in html
    assert f'lang="{lang}"' in html
    for german in ("Anmeldelink senden", "Anmelden im Mieterportal", "E-Mail-Adresse ein"):
        assert german not in html


def test_sign_in_page_follows_the_browser_language(client):
    page = client.get(reverse("portal:login"), headers={"accept-language": "nl-NL,nl;q=0.9"})
    assert "Inloggen op het huurdersportaal" in page.content.decode()


def test_sign_in_page_stays_german_without_a_choice(client):
    page = client.get(reverse("portal:login"))
    assert "Anmelden im Mieterportal" in page.content.decode()


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("en", "Tenant portal", "Report a repair or request"),
        ("nl", "Huurdersportaal", "Reparatieverzoek of melding doen"),
    ],
)
def test_home_of_a_signed_in_tenant_is_translated(tenant_client, tenant, lang, title, button):
    tenant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = tenant_client.get(reverse("portal:home")).content.decode()
    assert title in html.split("</title>")[0]
    assert button in html
    for german in ("Schaden oder Anliegen melden", "Meine offenen Meldungen", "Meine Wohnungen und Häuser"):
        assert german not in html


@pytest.mark.parametrize("lang", ["de", "en", "nl"])
def test_my_reports_show_every_status_in_the_chosen_language(tenant_client, tenant, lang):
    for status in ("open", "released", "in_progress", "done", "rejected"):
        TicketFactory(reporter=tenant, status=status)
    tenant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = tenant_client.get(reverse("portal:my_tickets")).content.decode()
    shown = [label for label in STATUSES[lang] if f">{label}</span>" in html]
    assert shown == STATUSES[lang]


def test_language_switch_sets_english_for_the_next_pages(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:login")})
    assert "Sign in to the tenant portal" in client.get(reverse("portal:login")).content.decode()
