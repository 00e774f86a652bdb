"""Back-office fixtures: a signed-in case worker's client, and a clean cache so lock-outs don't leak."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, case_worker):
    client.force_login(case_worker)
    return client
