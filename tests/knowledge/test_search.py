"""The help search uses the queue's German full text: inflected words find their article, best match first."""

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    bleed = ArticleFactory(
        title_de="Heizung entlüften",
        body_de="<p>Gluckert der <strong>Heizkörper</strong>, ist Luft in den Leitungen.</p>",
    )
    mould = ArticleFactory(
        title_de="Schimmel vorbeugen", body_de="<p>Richtig lüften, die Heizung nie ganz abdrehen.</p>"
    )
    return bleed, mould


@pytest.mark.parametrize("query", ["Heizkörpern", "Leitung", "Heizkörper gluckert"])
def test_an_inflected_german_word_finds_the_article(client, articles, query):
    html = client.get(reverse("portal:help"), {"q": query}).content.decode()
    assert "Heizung entlüften" in html
    assert "Schimmel vorbeugen" not in html


def test_a_title_match_ranks_before_a_body_match(client, articles):
    html = client.get(reverse("portal:help"), {"q": "Heizung"}).content.decode()
    assert html.index("Heizung entlüften") < html.index("Schimmel vorbeugen")


def test_the_linked_items_wording_is_searched_too(client):
    ArticleFactory(
        title_de="Sicherung prüfen", items=[CatalogItemFactory(name_de="Kein Strom in der Wohnung")]
    )
    assert "Sicherung prüfen" in client.get(reverse("portal:help"), {"q": "Strom"}).content.decode()


def test_markup_is_not_searched(client, articles):
    html = client.get(reverse("portal:help"), {"q": "strong"}).content.decode()
    assert "0 Treffer" in html


def test_nothing_found_points_to_the_hotline(client, articles, settings):
    html = client.get(reverse("portal:help"), {"q": "Balkonkraftwerk"}).content.decode()
    assert settings.COMPANY["hotline"] in html
