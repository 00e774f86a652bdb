"""The ERP reads the home swaps: both sides with their homes and households, the pre-checks, the state;
after a decision the swap date and the follow-on processes; another scope gets 403."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Scope
from processes import engine
from processes.models import Process
from swaps import services
from tests.api.conftest import ApiClient, make_integration
from tickets.actors import Actor

from .conftest import wished

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    cache.clear()
    return ApiClient(make_integration(Scope.LETTINGS, name="ERP")[1])


def test_erp_reads_a_swap_being_checked(erp, confirmed, applicant, partner):
    answer = erp.get("/home-swaps", state="checking")
    assert answer.status_code == 200
    [row] = answer.json()["items"]
    assert row["reference"] == confirmed.reference and row["state"] == "checking"
    assert row["applicant"]["party_id"] == applicant.pk and row["applicant"]["household"] == 2
    assert row["partner"]["unit_id"] == confirmed.partner_unit_id and row["partner"]["household"] == 3
    assert {c["code"] for c in row["checks"]} == {"arrears", "nuisance", "tenure", "household"}
    assert erp.get("/home-swaps", state="approved").json()["items"] == []
    assert erp.get(f"/home-swaps/{confirmed.pk}").json()["swap_date"] is None


def test_erp_reads_a_refusal_with_its_reason(erp, confirmed, case_worker):
    staff = Actor.for_user(case_worker)
    services.checks_failed(confirmed, actor=staff)
    confirmed.process = Process.objects.get(pk=confirmed.process_id)
    services.swap_decide(confirmed, actor=staff, approve=False, reason="Zu klein.")
    row = erp.get(f"/home-swaps/{confirmed.pk}").json()
    assert row["state"] == "refused" and row["decision_reason"] == "Zu klein." and row["follow_ups"] == []
    assert [r["id"] for r in erp.get("/home-swaps", state="refused").json()["items"]] == [confirmed.pk]


def test_another_scope_is_refused(confirmed):
    cache.clear()
    other = ApiClient(make_integration(Scope.PAYMENTS, name="Kasse")[1])
    assert other.get("/home-swaps").status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(
    erp, confirmed, applicant, case_worker, django_assert_num_queries
):
    erp.get("/home-swaps")
    with CaptureQueriesContext(connection) as one:
        assert len(erp.get("/home-swaps").json()["items"]) == 1
    staff = Actor.for_user(case_worker)
    engine.cancel(Process.objects.get(pk=confirmed.process_id), actor=staff, reason="Zurückgezogen.")
    for _ in range(2):
        found = services.partner_tenancy(contract_number="W-200-7", last_name="Brandt", applicant=applicant)
        swap = services.swap_apply(
            applicant=applicant,
            actor=Actor.for_party(applicant),
            household=2,
            wished_date=wished(),
            partner=found,
        )
        engine.cancel(swap.process, actor=staff, reason="Zurückgezogen.")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(erp.get("/home-swaps").json()["items"]) == 3
