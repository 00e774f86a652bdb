"""Staff see the staff articles of a ticket's item beside it, read articles in the back-office, and put a
tenant article's link into a reply, titled in the tenant's language."""

import pytest
from django.urls import reverse

from knowledge.models import Audience
from tests.factories import CatalogItemFactory, TicketFactory

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, case_worker):
    client.force_login(case_worker)
    return client


@pytest.fixture
def ticket(tenant, unit, no_power):
    return TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, item=no_power)


def test_the_ticket_page_shows_the_staff_articles_of_its_item(staff_client, ticket, no_power):
    ArticleFactory(audience=Audience.STAFF, title_de="Stromausfall: Rückfragen", items=[no_power])
    ArticleFactory(audience=Audience.STAFF, title_de="Aufzug: Notbefreiung", items=[CatalogItemFactory()])
    ArticleFactory(audience=Audience.STAFF, title_de="Entwurf Strom", published_at=None, items=[no_power])
    html = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    assert "Stromausfall: Rückfragen" in html
    assert "Aufzug: Notbefreiung" not in html and "Entwurf Strom" not in html


def test_tenant_articles_of_the_item_come_first_to_link(staff_client, ticket, no_power):
    ArticleFactory(title_de="Abfluss verstopft")
    fitting = ArticleFactory(title_de="Sicherung prüfen", items=[no_power])
    html = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    options = html.split('id="help-article">', 1)[1].split("</select>", 1)[0]
    assert options.index("★ Sicherung prüfen") < options.index("Abfluss verstopft")
    assert f'value="{fitting.pk}"' in options


def test_a_tenant_articles_link_goes_into_the_reply_in_the_tenants_language(
    staff_client, ticket, tenant, settings
):
    settings.SITE_URL = "https://portal.example.org"
    tenant.language = "en"
    tenant.save(update_fields=["language"])
    article = ArticleFactory(
        slug="sicherung-pruefen", title_de="Sicherung prüfen", title_en="Check the breaker"
    )
    response = staff_client.get(
        reverse("backoffice:knowledge_link", args=[ticket.reference]),
        {"artikel": article.pk, "body": "Dear Ms Mustermann,"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.startswith("<textarea")
    assert (
        "Dear Ms Mustermann,\n\nCheck the breaker: https://portal.example.org/portal/hilfe/sicherung-pruefen/"
        in html
    )


def test_without_javascript_the_ticket_page_comes_back_with_the_link(staff_client, ticket):
    article = ArticleFactory(slug="abfluss", title_de="Abfluss verstopft")
    response = staff_client.get(
        reverse("backoffice:knowledge_link", args=[ticket.reference]), {"artikel": article.pk}
    )
    assert response.status_code == 200
    assert "Abfluss verstopft: http" in response.content.decode()


def test_a_staff_article_cannot_be_linked_for_tenants(staff_client, ticket):
    article = ArticleFactory(audience=Audience.STAFF)
    url = reverse("backoffice:knowledge_link", args=[ticket.reference])
    assert staff_client.get(url, {"artikel": article.pk}).status_code == 404


def test_staff_read_and_search_articles_of_every_audience(staff_client):
    article = ArticleFactory(
        audience=Audience.STAFF, title_de="Schimmel: Ortstermin", body_de="<p>Feuchtemessung</p>"
    )
    html = staff_client.get(reverse("backoffice:knowledge"), {"q": "Ortstermine"}).content.decode()
    assert "Schimmel: Ortstermin" in html
    page = staff_client.get(reverse("backoffice:knowledge_article", args=[article.slug])).content.decode()
    assert "<p>Feuchtemessung</p>" in page


def test_tenants_cannot_open_the_backoffice_articles(tenant_client):
    article = ArticleFactory(audience=Audience.STAFF)
    response = tenant_client.get(reverse("backoffice:knowledge_article", args=[article.slug]))
    assert response.status_code == 404
