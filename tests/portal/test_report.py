import pytest
from django.urls import reverse

from catalogs.models import ExtraField
from tests.factories import (
    CatalogItemFactory,
    CategoryFactory,
    ExtraFieldFactory,
    PropertyFeatureFactory,
    TicketFactory,
)
from tickets.models import AffectedParty, Attachment, Ticket

from .images import photo_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär", allows_public=True)


def walk_to_details(client, unit, item) -> str:
    """Follow the wizard's links step by step, as someone without JavaScript would."""
    page = client.get(reverse("portal:report"))
    assert page.status_code == 200
    url = reverse("portal:report") + f"?place=u{unit.pk}"
    assert url.replace("&", "&amp;") in page.content.decode()
    for label, param in (
        (item.group.category.name_de, f"category={item.group.category_id}"),
        (item.group.name_de, f"group={item.group_id}"),
        (item.name_de, f"item={item.pk}"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert label in page.content.decode()
        url = f"{url}&{param}"
    response = client.get(url)
    assert response.status_code == 302
    return response["Location"]


def test_tenant_reports_damage_with_a_photo_end_to_end(tenant_client, tenant, unit, item, media):
    ExtraFieldFactory(item=item, key="since", label_de="Seit wann?", kind=ExtraField.Kind.TEXT)
    details = walk_to_details(tenant_client, unit, item)
    assert tenant_client.get(details).status_code == 200
    response = tenant_client.post(
        details,
        {
            "x_since": "gestern",
            "description": "Die Spülung läuft ständig nach.",
            "availability": "werktags ab 16 Uhr",
            "phone_consent": "on",
            "visibility": "private",
            "photos": [photo_with_gps()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("portal:report_done", args=[ticket.reference])
    assert (ticket.reporter, ticket.unit, ticket.item) == (tenant, unit, item)
    assert ticket.answers == {"since": "gestern"}
    assert ticket.phone_consent is True
    assert Attachment.objects.get(ticket=ticket).content_type == "image/jpeg"
    done = tenant_client.get(response["Location"])
    assert ticket.reference in done.content.decode()


def test_items_needing_a_missing_feature_are_not_offered(tenant_client, unit, item):
    lift = CatalogItemFactory(group=item.group, name_de="Aufzug steht")
    lift.required_features.add(PropertyFeatureFactory(code="lift"))
    url = (
        reverse("portal:report")
        + f"?place=u{unit.pk}&category={item.group.category_id}&group={item.group_id}"
    )
    page = tenant_client.get(url).content.decode()
    assert "WC-Spülung defekt" in page
    assert "Aufzug steht" not in page
    assert tenant_client.get(f"{url}&item={lift.pk}").status_code == 404


def test_someone_elses_unit_is_404(tenant_client, other_tenant, item):
    other_unit = other_tenant.tenancies.get().unit
    assert tenant_client.get(reverse("portal:report") + f"?place=u{other_unit.pk}").status_code == 404


def test_common_area_report_asks_where(tenant_client, unit, item, media):
    prop = unit.building.property
    details = reverse("portal:report_details") + f"?place=p{prop.pk}&item={item.pk}"
    missing = tenant_client.post(details, {"description": "Licht aus", "visibility": "private"})
    assert missing.status_code == 200
    tenant_client.post(
        details, {"description": "Licht aus", "common_area": "staircase", "visibility": "public"}
    )
    ticket = Ticket.objects.get()
    assert (ticket.unit, ticket.common_area, ticket.visibility) == (None, "staircase", "public")


def test_wrong_iban_gets_a_message_not_an_error(tenant_client, unit, media):
    item = CatalogItemFactory(group__category=CategoryFactory(allows_public=False), allows_public=False)
    ExtraFieldFactory(item=item, key="iban", kind=ExtraField.Kind.IBAN, label_de="IBAN")
    details = reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"
    page = tenant_client.get(details).content.decode()
    assert 'name="visibility"' not in page
    response = tenant_client.post(details, {"x_iban": "DE00 1234", "description": "Neue Bankverbindung"})
    assert response.status_code == 200
    assert "IBAN" in response.content.decode()
    assert not Ticket.objects.exists()
    tenant_client.post(
        details, {"x_iban": "de89 3704 0044 0532 0130 00", "description": "Neue Bankverbindung"}
    )
    assert Ticket.objects.get().answers == {"iban": "DE89370400440532013000"}


def test_open_public_ticket_in_the_same_group_is_offered_to_join(
    tenant_client, tenant, other_tenant, unit, item
):
    prop = unit.building.property
    existing = TicketFactory(
        property=prop, item=CatalogItemFactory(group=item.group), visibility="public", reporter=other_tenant
    )
    details = reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"
    page = tenant_client.get(details).content.decode()
    assert "Ist es diese Meldung?" in page
    assert reverse("portal:ticket_affected", args=[existing.reference]) in page
    tenant_client.post(reverse("portal:ticket_affected", args=[existing.reference]))
    assert AffectedParty.objects.filter(ticket=existing, party=tenant).exists()
