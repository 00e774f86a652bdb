"""An offer that never became a contract is not kept for the contract's ten years: once its start day has
passed unsigned it has lapsed, and six months later the retention run lets it go (names, signatures, the
PDF). Afterwards the tenant's portal neither offers it for signing nor breaks on it."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from letting.models import Letting
from privacy.anonymise import anonymise_due
from privacy.models import RetentionRule
from privacy.retention import preview

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def letting_rule_on(db):
    RetentionRule.objects.update_or_create(kind="letting", defaults={"years": 10, "active": True})


def lapsed(letting: Letting, *, start: dt.date) -> Letting:
    """The offer's start day moved into the past, as if nobody had signed by then."""
    Letting.objects.filter(pk=letting.pk).update(start=start)
    letting.refresh_from_db()
    return letting


def test_an_unsigned_offer_is_due_six_months_after_its_start_day(letting, letting_rule_on):
    today = dt.date(2027, 9, 15)
    lapsed(letting, start=dt.date(2027, 3, 1))
    assert preview(today)["lettings"] == 1
    # Still within the six months: kept, someone may ask about it.
    assert preview(dt.date(2027, 8, 31))["lettings"] == 0


def test_an_offer_whose_start_lies_ahead_is_kept(letting, letting_rule_on):
    assert letting.state == Letting.State.OFFERED
    assert preview(letting.start + dt.timedelta(days=90))["lettings"] == 0


def test_an_inactive_rule_lets_no_offer_go(letting):
    RetentionRule.objects.filter(kind="letting").update(active=False)
    lapsed(letting, start=dt.date(2020, 1, 1))
    assert preview(active_only=True).get("lettings", 0) == 0


def test_the_lapsed_offer_goes_and_the_portal_no_longer_offers_it(letting, newcomer_user, letting_rule_on):
    letting = lapsed(letting, start=dt.date(2025, 1, 1))
    reference = letting.process.ticket.reference
    contract = letting.contract_pdf.name

    run = anonymise_due(triggered_by="test", today=dt.date(2026, 1, 1))

    assert run.counts["lettings"] == 1
    letting.refresh_from_db()
    assert letting.contract_pdf.name == "" and not letting.contract_pdf.storage.exists(contract)
    tenant = Client()
    tenant.force_login(newcomer_user)
    home = tenant.get(reverse("portal:home")).content.decode()
    assert "wartet auf Ihre Unterschrift" not in home
    assert tenant.get(reverse("portal:letting_pdf", args=[reference])).status_code == 404
    answer = tenant.post(
        reverse("portal:letting", args=[reference]),
        {"agree": "on", "contract_hash": letting.contract_hash, "version": 1, "typed_name": "Lena Neumann"},
    )
    assert answer.status_code == 409
    letting.refresh_from_db()
    assert letting.state == Letting.State.OFFERED and letting.tenant_signature_id is None
