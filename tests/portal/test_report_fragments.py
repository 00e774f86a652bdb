"""The wizard's views answer htmx with just the step and everyone else with the whole page."""

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item():
    return CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")


def steps(unit, item) -> list[str]:
    place = reverse("portal:report") + f"?place=u{unit.pk}"
    return [
        reverse("portal:report"),
        place,
        f"{place}&category={item.group.category_id}",
        f"{place}&category={item.group.category_id}&group={item.group_id}",
        reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}",
    ]


def test_every_step_answers_htmx_with_a_fragment(tenant_client, unit, item):
    for url in steps(unit, item):
        response = tenant_client.get(url, headers=HTMX)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "<html" not in body and "p-header" not in body, url
        assert 'id="report-step"' not in body, url  # the fragment goes inside that element
        assert "<title>" in body and "<h1" in body, url
        assert "HX-Request" in response["Vary"]


def test_every_step_answers_a_plain_request_with_the_whole_page(tenant_client, unit, item):
    for url in steps(unit, item):
        body = tenant_client.get(url).content.decode()
        assert "<html" in body and 'id="report-step"' in body and "<h1" in body, url


def test_history_restore_after_back_gets_the_whole_page(tenant_client, unit, item):
    url = steps(unit, item)[2]
    response = tenant_client.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_steps_link_onwards_through_htmx_with_the_address_pushed(tenant_client, unit, item):
    body = tenant_client.get(steps(unit, item)[2], headers=HTMX).content.decode()
    assert 'hx-target="#report-step" hx-push-url="true"' in body
    assert f'hx-get="{steps(unit, item)[3].replace("&", "&amp;")}"' in body


def test_invalid_details_sent_by_htmx_come_back_as_a_fragment_with_errors(tenant_client, unit, item):
    response = tenant_client.post(steps(unit, item)[4], {"description": ""}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "p-error-summary" in body
    assert not Ticket.objects.exists()


def test_report_sent_by_htmx_ends_on_the_confirmation_fragment_with_its_address(
    tenant_client, unit, item, media
):
    response = tenant_client.post(
        steps(unit, item)[4],
        {"description": "Die Spülung läuft ständig nach.", "visibility": "private"},
        headers=HTMX,
        follow=True,
    )
    ticket = Ticket.objects.get()
    done = reverse("portal:report_done", args=[ticket.reference])
    body = response.content.decode()
    assert "<html" not in body and ticket.reference in body
    assert response["HX-Push-Url"] == done


def test_confirmation_without_htmx_is_a_whole_page_without_push_header(tenant_client, unit, item, media):
    tenant_client.post(
        steps(unit, item)[4], {"description": "Die Spülung läuft ständig nach.", "visibility": "private"}
    )
    ticket = Ticket.objects.get()
    response = tenant_client.get(reverse("portal:report_done", args=[ticket.reference]))
    assert "<html" in response.content.decode() and "HX-Push-Url" not in response
