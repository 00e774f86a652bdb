"""Standing actors every test can ask for: a tenant, another tenant in the same building, a case worker.

Also what every test run needs: a cheap password hasher, and under pytest-xdist a Redis database per
worker process."""

import os
import re

import pytest
from django.conf import settings

from tests.factories import PartyFactory, StaffFactory, TenancyFactory, UnitFactory, resident_user


def pytest_configure(config):
    # Every user a factory builds gets a password; the production hasher spends about a second on each
    # on purpose, which made most of the suite's time. Sign-in tests still check real hashes, just cheap ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _redis_database_per_xdist_worker()


def _redis_database_per_xdist_worker() -> None:
    """Under xdist, worker gwN uses the Redis database N below the one REDIS_URL names (gw0 keeps it).

    Tests clear the cache (a FLUSHDB) and queue Celery messages; two workers on one database would empty
    each other's rate-limit counters and take each other's tasks. pytest-django already gives each worker
    its own PostgreSQL database (test_<name>_gw0, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = settings.REDIS_URL
    if not (worker.startswith("gw") and url):
        return
    match = re.fullmatch(r"(?P<server>redis://[^/]+)(?:/(?P<db>\d+))?", url)
    if not match:
        raise pytest.UsageError(f"REDIS_URL {url!r}: expected redis://host:port/<db> to split per worker")
    db = int(match["db"] or 0) - int(worker.removeprefix("gw"))
    if db < 0:
        raise pytest.UsageError(f"REDIS_URL {url!r} leaves no Redis database for xdist worker {worker}")
    worker_url = f"{match['server']}/{db}"
    settings.REDIS_URL = worker_url
    settings.CACHES["default"]["LOCATION"] = worker_url
    settings.CELERY_BROKER_URL = worker_url
    from config.celery import app as celery_app

    celery_app.conf.broker_url = worker_url
    # Worker processes that tests start read REDIS_URL from the environment they inherit.
    os.environ["REDIS_URL"] = worker_url


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts and ends in the default language: a test that switched to Dutch (a page, a mail
    rendered for a Dutch tenant) must not leave it active for the next one."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def tenant(unit):
    """A tenant with a portal login, living in `unit`."""
    tenancy = TenancyFactory(unit=unit, party=PartyFactory(first_name="Erika", last_name="Mustermann"))
    resident_user(tenancy.party)
    return tenancy.party


@pytest.fixture
def other_tenant(unit):
    """Another tenant of the same building."""
    other_unit = UnitFactory(building=unit.building)
    tenancy = TenancyFactory(unit=other_unit, party=PartyFactory(first_name="Max", last_name="Meier"))
    resident_user(tenancy.party)
    return tenancy.party


@pytest.fixture
def case_worker(db):
    """A member of the "Sachbearbeitung" role: sees closed cases, approves data changes."""
    return StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
