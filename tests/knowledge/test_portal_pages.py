"""Hilfe & FAQ in the portal: the list by category, the search, an article; tenants see only published
tenant articles, and every other article's address answers 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Audience

from .factories import ArticleCategoryFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_menu_leads_to_help(tenant_client):
    html = tenant_client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:help")}"' in html and "Hilfe & FAQ" in html


def test_help_lists_articles_by_category_for_everyone(client):
    ArticleFactory(
        title_de="Heizung entlüften", category=ArticleCategoryFactory(slug="heizung", name_de="Heizung")
    )
    ArticleFactory(
        title_de="Sicherung prüfen", category=ArticleCategoryFactory(slug="strom", name_de="Strom")
    )
    html = client.get(reverse("portal:help")).content.decode()
    assert '<h2 id="cat-heizung">Heizung</h2>' in html and "Heizung entlüften" in html
    assert "Sicherung prüfen" in html


def test_an_article_page_shows_the_body(client):
    article = ArticleFactory(
        title_de="Abfluss verstopft", body_de="<h2>So geht es</h2><ul><li>Sieb</li></ul>"
    )
    html = client.get(reverse("portal:help_article", args=[article.slug])).content.decode()
    assert "<h1>Abfluss verstopft</h1>" in html
    assert "<h2>So geht es</h2><ul><li>Sieb</li></ul>" in html


def test_an_article_shows_in_the_readers_language_with_german_as_fallback(client):
    article = ArticleFactory(title_de="Schimmel vorbeugen", title_en="Preventing mould", body_en="")
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("portal:help_article", args=[article.slug])).content.decode()
    assert "<h1>Preventing mould</h1>" in html and "So geht es." in html


@pytest.mark.parametrize("kind", ["staff", "contractors", "draft", "future", "archived"])
def test_what_tenants_may_not_read_is_neither_listed_nor_found(tenant_client, kind):
    now = timezone.now()
    article = ArticleFactory(
        title_de="Geheimer Artikel",
        audience={"staff": Audience.STAFF, "contractors": Audience.CONTRACTORS}.get(kind, Audience.TENANTS),
        published_at={"draft": None, "future": now + dt.timedelta(days=1)}.get(
            kind, now - dt.timedelta(days=9)
        ),
        archived_at=now - dt.timedelta(days=1) if kind == "archived" else None,
    )
    assert "Geheimer Artikel" not in tenant_client.get(reverse("portal:help")).content.decode()
    found = tenant_client.get(reverse("portal:help") + "?q=Geheimer").content.decode()
    assert "Geheimer Artikel" not in found
    assert tenant_client.get(reverse("portal:help_article", args=[article.slug])).status_code == 404


def test_an_article_archived_in_the_future_is_still_shown(client):
    article = ArticleFactory(archived_at=timezone.now() + dt.timedelta(days=3))
    assert client.get(reverse("portal:help_article", args=[article.slug])).status_code == 200


def test_the_help_list_costs_the_same_queries_at_1_and_50_articles(client, django_assert_num_queries):
    ArticleFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:help"))
    for n in range(49):
        ArticleFactory(category=ArticleCategoryFactory(slug=f"rubrik-{n % 5}", name_de=f"Rubrik {n % 5}"))
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(reverse("portal:help")).content.decode()
    assert html.count('href="/portal/hilfe/artikel-') == 50
