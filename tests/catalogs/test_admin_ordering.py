"""The catalog order tenants see is set in the admin through the editable `Reihenfolge` column."""

from django.urls import reverse

from catalogs.models import CatalogItem
from tests import factories


def test_changing_position_in_the_list_reorders_items(client, db):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    group = factories.CatalogGroupFactory()
    first = factories.CatalogItemFactory(group=group, name_de="Heizung", position=1)
    second = factories.CatalogItemFactory(group=group, name_de="Fenster", position=2)
    response = client.post(
        reverse("admin:catalogs_catalogitem_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(first.pk),
            "form-0-position": "5",
            "form-1-id": str(second.pk),
            "form-1-position": "1",
            "_save": "Sichern",
        },
    )
    assert response.status_code == 302
    assert list(CatalogItem.objects.filter(group=group)) == [second, first]
