import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant.user)
    return client


@pytest.fixture
def privacy_officer(case_worker):
    """A case worker allowed to produce data exports."""
    case_worker.user_permissions.add(Permission.objects.get(codename="produce_dataexport"))
    return case_worker
