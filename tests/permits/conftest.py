"""Erlaubnisse: the templates (migration permits 0002 installs them; a flushed database needs them again),
a co-tenant of the tenant's contract, clients for each of them, and the dates the tests ask for."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from permits.standard import install
from tests.factories import PartyFactory, TenancyFactory, resident_user


@pytest.fixture(autouse=True)
def permit_templates(db):
    install(apps)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def co_tenant(tenant):
    """Ben, the second tenant of Erika's contract, with a portal login."""
    tenancy = tenant.tenancies.get()
    tenancy.contract_number = "MV-4711"
    tenancy.save(update_fields=["contract_number"])
    party = TenancyFactory(
        unit=tenancy.unit,
        contract_number="MV-4711",
        party=PartyFactory(first_name="Ben", last_name="Mustermann"),
    ).party
    resident_user(party)
    return party


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
