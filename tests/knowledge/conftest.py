import pytest
from django.core.cache import cache

from tests.factories import CatalogItemFactory, CategoryFactory


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant.user)
    return client


@pytest.fixture
def no_power():
    """A catalog item tenants pick: "Kein Strom in der Wohnung" under Elektro."""
    return CatalogItemFactory(
        name_de="Kein Strom in der Wohnung",
        group__name_de="Elektro",
        group__category=CategoryFactory(name_de="Schaden"),
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
