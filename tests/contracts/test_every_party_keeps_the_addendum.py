"""The Nachtrag zum Mietvertrag is each party's to keep: the tenant who asked, the co-tenant who stays,
the person moving in and the one leaving each find it under Dokumente (and download the same PDF) and
read the approved change under Mein Mietvertrag, the one who left too after their last day."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractChange
from estate.models import Party, Tenancy
from tests.factories import resident_user

from .conftest import client_for, consent_link, in_days

pytestmark = pytest.mark.django_db


def _approve(case_worker, change):
    change.process.refresh_from_db()
    answer = client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    assert answer.status_code == 302


def _sees_the_addendum(party, change):
    client = client_for(party.user)
    documents = client.get(reverse("portal:documents")).text
    assert f"Nachtrag zum Mietvertrag {change.reference}" in documents
    document = party.documents.get(kind="vertragsnachtrag")
    download = client.get(reverse("portal:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    overview = client.get(reverse("portal:contract_changes")).text
    assert "freigegeben" in overview and "Nachtrag zum Mietvertrag unter „Dokumente“" in overview


@pytest.mark.pdf
def test_the_person_moving_in_and_both_tenants_keep_it(tenant, co_tenant, case_worker):
    client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "partner",
            "salutation": "Frau",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    change = ContractChange.objects.get()
    clara = Party.objects.get(email="clara@example.org")
    for party in (co_tenant, clara):
        assert Client().post(consent_link(party), {"answer": "agreed"}).status_code == 302
    _approve(case_worker, change)
    change.refresh_from_db()
    resident_user(clara)  # she signs in with her address, as anyone we know may
    for party in (tenant, co_tenant, clara):
        _sees_the_addendum(party, change)
    upcoming = client_for(clara.user).get(reverse("portal:contract_changes")).text
    assert f"beginnt am {in_days(14):%d.%m.%Y}" in upcoming
    # Erika and Ben read who joins their contract, and from when.
    for party in (tenant, co_tenant):
        overview = client_for(party.user).get(reverse("portal:contract_changes")).text
        assert f"ab {in_days(14):%d.%m.%Y} auch Clara Neu" in overview


@pytest.mark.pdf
def test_the_one_who_left_keeps_it_after_their_last_day(tenant, co_tenant, case_worker):
    client_for(tenant.user).post(
        reverse("portal:contract_move_out"),
        {"leaving": co_tenant.pk, "effective_date": in_days(30).isoformat()},
    )
    change = ContractChange.objects.get()
    assert Client().post(consent_link(co_tenant), {"answer": "agreed"}).status_code == 302
    _approve(case_worker, change)
    change.refresh_from_db()
    # Time passes: Ben's tenancy has ended.
    Tenancy.objects.filter(party=co_tenant).update(
        start=timezone.localdate() - dt.timedelta(days=400), end=timezone.localdate() - dt.timedelta(days=1)
    )
    for party in (tenant, co_tenant):
        _sees_the_addendum(party, change)
