"""Privacy covers Erlaubnisse: the tenant's export holds each permission with its conditions; the retention
run keeps one in force while the tenancy runs and lets a revoked one go after the rule's years (the
subtenant's name and the texts go, kind and period stay)."""

import datetime as dt

import pytest
from django.utils import timezone

from permits import services
from permits.models import Permit
from privacy.anonymise import anonymise_due
from privacy.coverage import COVERED
from privacy.export_data import export_content
from privacy.models import RetentionRule
from tickets.actors import Actor

from .conftest import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(tenant, case_worker):
    process = services.request_sublet(
        party=tenant,
        subtenant_name="Jonas Weber",
        rooms="das kleine Zimmer",
        valid_from=in_days(7),
        reason="Meine Tochter ist ausgezogen.",
    )
    services.decide(
        process,
        actor=Actor.for_user(case_worker),
        outcome="yes_with_conditions",
        conditions="Nur eine Person.",
    )
    return Permit.objects.get()


def test_the_model_has_a_privacy_rule():
    assert COVERED["permits.Permit"] == RetentionRule.Kind.CONTRACT_CHANGE


def test_the_export_holds_the_permission(tenant, permit):
    rows = export_content(tenant).data["permits"]
    assert [(r["kind"], r["subtenant_name"], r["conditions"]) for r in rows] == [
        ("Untervermietung", "Jonas Weber", "Nur eine Person.")
    ]


def test_a_permission_in_force_stays_and_a_revoked_one_goes_after_its_years(permit, case_worker):
    RetentionRule.objects.update_or_create(
        kind=RetentionRule.Kind.CONTRACT_CHANGE, defaults={"years": 10, "active": True}
    )
    later = timezone.localdate() + dt.timedelta(days=365 * 15)
    assert anonymise_due(triggered_by="test", today=timezone.localdate()).counts.get("permits", 0) == 0
    permit = services.revoke(permit, actor=Actor.for_user(case_worker), reason="Ruhestörungen")
    Permit.objects.filter(pk=permit.pk).update(revoked_at=permit.revoked_at - dt.timedelta(days=365 * 12))
    run = anonymise_due(triggered_by="test", today=later)
    assert run.counts["permits"] == 1
    permit.refresh_from_db()
    assert (permit.subtenant_name, permit.conditions, permit.revoke_reason) == ("Anonymisiert", "", "")
    assert permit.kind == "sublet" and permit.valid_from is not None
