"""Article and legal HTML keeps its structure and loses every script, on the page and in the admin."""

import pytest
from django.urls import reverse

from knowledge.models import Article, LegalText

from .factories import ArticleCategoryFactory, ArticleFactory, LegalTextFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h2>Sicherung</h2><script>alert("x")</script><p onclick="steal()">Text '
    '<a href="javascript:alert(1)">klick</a> <a href="https://example.org/hilfe">mehr</a></p>'
    '<img src="https://evil.example/t.png" alt="Spur"><img src="/static/portal/fi.png" alt="FI-Schalter">'
    '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
)


def test_an_article_with_script_is_shown_sanitised(client):
    article = ArticleFactory(body_de=HOSTILE)
    html = client.get(reverse("portal:help_article", args=[article.slug])).content.decode()
    body = html.split('class="p-article__body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "alert" not in body and "onclick" not in body
    assert "<style" not in body and "<iframe" not in body and "evil.example" not in body
    assert "<h2>Sicherung</h2>" in body
    assert '<a href="https://example.org/hilfe" rel="noopener noreferrer">mehr</a>' in body
    assert '<img src="/static/portal/fi.png" alt="FI-Schalter">' in body


def test_the_admin_stores_articles_sanitised(admin_client):
    category = ArticleCategoryFactory()
    response = admin_client.post(
        reverse("admin:knowledge_article_add"),
        {
            "audience": "tenants",
            "category": category.pk,
            "slug": "sicherung",
            "position": 0,
            "title_de": "Sicherung prüfen",
            "body_de": HOSTILE,
            "published_at_0": "01.01.2026",
            "published_at_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Article.objects.get(slug="sicherung").body_de
    assert "<script" not in stored and "javascript:" not in stored and "<h2>Sicherung</h2>" in stored


def test_the_admin_stores_legal_texts_sanitised(admin_client):
    response = admin_client.post(
        reverse("admin:knowledge_legaltext_add"), {"kind": "privacy", "body_de": HOSTILE}
    )
    assert response.status_code == 302
    assert "<script" not in LegalText.objects.get(kind="privacy").body_de


def test_a_legal_text_written_around_the_admin_is_still_sanitised_on_the_page(client):
    LegalTextFactory(body_de=HOSTILE)
    html = client.get(reverse("portal:imprint")).content.decode()
    assert "<script>alert" not in html and "steal()" not in html
