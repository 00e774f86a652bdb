"""The report wizard shows the item's articles before the description: "Das hat geholfen" counts and
writes no ticket, "Trotzdem melden" goes on to the description."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge.models import ArticleHelped, Audience
from knowledge.services import reports_prevented, reports_prevented_by_article
from tests.factories import CatalogItemFactory
from tickets.models import Ticket

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def item_url(unit, item) -> str:
    query = f"place=u{unit.pk}&category={item.group.category_id}&group={item.group_id}&item={item.pk}"
    return f"{reverse('portal:report')}?{query}"


def test_an_item_with_an_article_shows_it_before_the_description(tenant_client, unit, no_power):
    ArticleFactory(
        title_de="Sicherung prüfen", body_de="<ol><li>Sicherungskasten öffnen</li></ol>", items=[no_power]
    )
    page = tenant_client.get(item_url(unit, no_power))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sicherung prüfen" in html and "<li>Sicherungskasten öffnen</li>" in html
    assert "Das hat geholfen" in html
    details = reverse("portal:report_details") + f"?place=u{unit.pk}&amp;item={no_power.pk}"
    assert f'href="{details}"' in html  # "Trotzdem melden"


def test_an_item_without_articles_goes_straight_to_the_description(tenant_client, unit, no_power):
    ArticleFactory(items=[CatalogItemFactory()])  # another item's article
    ArticleFactory(audience=Audience.STAFF, items=[no_power])  # staff only
    ArticleFactory(published_at=None, items=[no_power])  # a draft
    response = tenant_client.get(item_url(unit, no_power))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:report_details"))


def test_that_helped_counts_and_writes_no_ticket(tenant_client, unit, no_power):
    article = ArticleFactory(slug="sicherung-pruefen", items=[no_power])
    response = tenant_client.post(
        reverse("portal:report_helped"), {"article": article.pk, "item": no_power.pk}
    )
    assert response.status_code == 302
    thanks = tenant_client.get(response["Location"])
    assert "Es wurde keine Meldung angelegt." in thanks.content.decode()
    assert Ticket.objects.count() == 0
    helped = ArticleHelped.objects.get()
    assert (helped.article, helped.item) == (article, no_power)


def test_an_item_the_article_is_not_linked_to_counts_for_the_article_alone(tenant_client, no_power):
    article = ArticleFactory(items=[no_power])
    other = CatalogItemFactory()
    tenant_client.post(reverse("portal:report_helped"), {"article": article.pk, "item": other.pk})
    assert ArticleHelped.objects.get().item is None


@pytest.mark.parametrize("kind", ["staff", "draft", "archived"])
def test_that_helped_for_an_article_tenants_cannot_read_is_404(tenant_client, no_power, kind):
    past = timezone.now() - dt.timedelta(hours=1)
    article = ArticleFactory(
        audience=Audience.STAFF if kind == "staff" else Audience.TENANTS,
        published_at=None if kind == "draft" else past - dt.timedelta(days=2),
        archived_at=past if kind == "archived" else None,
    )
    response = tenant_client.post(reverse("portal:report_helped"), {"article": article.pk})
    assert response.status_code == 404
    assert ArticleHelped.objects.count() == 0


def test_that_helped_is_a_post_for_residents_only(client, no_power):
    article = ArticleFactory(items=[no_power])
    response = client.post(reverse("portal:report_helped"), {"article": article.pk})
    assert response.status_code == 302 and "anmelden" in response["Location"]
    assert ArticleHelped.objects.count() == 0


def test_reports_prevented_counts_the_period(no_power):
    article = ArticleFactory(title_de="Sicherung prüfen", items=[no_power])
    today = timezone.localdate()
    ArticleHelped.objects.create(article=article, item=no_power)
    ArticleHelped.objects.create(article=article, item=no_power)
    ArticleHelped.objects.create(article=article, item=None, at=timezone.now() - dt.timedelta(days=40))
    assert reports_prevented((today - dt.timedelta(days=7), today)) == 2
    assert reports_prevented((today - dt.timedelta(days=60), today)) == 3
    rows = reports_prevented_by_article((today - dt.timedelta(days=7), today))
    assert rows == [
        {"article_id": article.pk, "title": "Sicherung prüfen", "item_id": no_power.pk, "count": 2}
    ]


def test_reports_prevented_takes_a_report_scope(no_power):
    from reports.scope import Scope

    ArticleHelped.objects.create(article=ArticleFactory(), item=None)
    assert reports_prevented(Scope.default()) == 1
