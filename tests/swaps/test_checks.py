"""The pre-checks at their edges: exactly 12 months of tenancy and one day less, an arrear of 0.00 and of
0.01, a household at the occupancy limit and one person over or under it, the accused of a running
nuisance case, and a partner from outside."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from payments.arrears import arrear_report
from processes import engine
from swaps import checks
from swaps.models import SwapCheck
from tests.factories import PartyFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def result(swap, party, code) -> SwapCheck:
    return SwapCheck.objects.get(swap=swap, party=party, code=code)


@pytest.mark.parametrize(("days_less", "passed"), [(0, True), (1, False)])
def test_tenancy_of_exactly_12_months_passes_and_one_day_less_fails(confirmed, applicant, days_less, passed):
    today = timezone.localdate()
    start = checks.add_months(today, -12) + dt.timedelta(days=days_less)
    applicant.tenancies.update(start=start)
    checks.check_all(confirmed, on=today)
    row = result(confirmed, applicant, "tenure")
    assert row.passed is passed
    if not passed:
        assert "12 Monate sind am" in row.reason


@override_settings(SWAP_MIN_TENANCY_MONTHS=24)
def test_the_minimum_tenancy_is_a_setting(confirmed, applicant):
    applicant.tenancies.update(start=checks.add_months(timezone.localdate(), -18))
    checks.check_all(confirmed)
    assert result(confirmed, applicant, "tenure").passed is False


def test_the_31st_plus_a_month_is_the_months_last_day():
    assert checks.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert checks.tenure_months_reached(dt.date(2025, 2, 28), dt.date(2026, 2, 28), 12)
    assert not checks.tenure_months_reached(dt.date(2025, 3, 1), dt.date(2026, 2, 28), 12)


@pytest.mark.parametrize(("amount", "passed"), [("0.00", True), ("0.01", False)])
def test_an_arrear_of_one_cent_fails_and_zero_passes(confirmed, partner, amount, passed):
    arrear_report(partner, amount=Decimal(amount), reported_by="ERP")
    checks.check_all(confirmed)
    row = result(confirmed, partner, "arrears")
    assert row.passed is passed
    assert row.reason == ("Keine Mietrückstände." if passed else "Es bestehen Mietrückstände.")


@pytest.mark.parametrize(
    ("persons", "rooms", "area", "fits", "words"),
    [
        (4, "2", "36", True, ""),  # 2 per room, 9 m² each: at the limit
        (5, "2", "60", False, "Überbelegung: 5 Personen für 2 Zimmer"),
        (2, "2", "18", True, ""),
        (2, "2", "17.99", False, "Überbelegung: 2 Personen für 17,99 m²"),
        (1, "2", "50", True, ""),  # persons + 1 rooms: at the limit
        (1, "3", "70", False, "Unterbelegung: 3 Zimmer für 1 Person."),
        (2, "3.5", "80", True, ""),  # a half room does not count
    ],
)
def test_household_fits_at_and_beyond_the_limits(persons, rooms, area, fits, words):
    ok, reason = checks.household_fits(persons, rooms=Decimal(rooms), area=Decimal(area))
    assert ok is fits
    assert words in reason


def test_a_home_without_rooms_cannot_be_checked_automatically():
    ok, reason = checks.household_fits(2, rooms=None, area=Decimal("50"))
    assert not ok and "von Hand prüfen" in reason


def test_the_household_is_checked_against_the_home_it_moves_into(confirmed, applicant, partner):
    # Bernd (3 persons) moves into Anna's 3 rooms, 72 m²; Anna (2) into Bernd's 2 rooms, 55 m².
    assert result(confirmed, partner, "household").passed
    confirmed.applicant_household = 5
    confirmed.save()
    checks.check_all(confirmed)
    assert result(confirmed, applicant, "household").reason.startswith("Überbelegung")


def test_the_accused_of_a_running_nuisance_case_fails(swap_templates, confirmed, partner, case_worker):
    complainant = PartyFactory()
    nuisance = engine.start(
        "nachbarschaftsstoerung",
        actor=Actor.for_user(case_worker),
        reporter_party=complainant,
        parties={"complainant": complainant, "accused": partner},
        unit=confirmed.partner_unit,
    )
    checks.check_all(confirmed)
    row = result(confirmed, partner, "nuisance")
    assert not row.passed and nuisance.ticket.reference in row.reason
    engine.cancel(nuisance, actor=Actor.for_user(case_worker), reason="Geklärt.")
    checks.check_all(confirmed)
    assert result(confirmed, partner, "nuisance").passed


def test_a_complainant_is_not_held_back(swap_templates, confirmed, partner, case_worker):
    engine.start(
        "nachbarschaftsstoerung",
        actor=Actor.for_user(case_worker),
        reporter_party=partner,
        parties={"complainant": partner},
        unit=confirmed.partner_unit,
    )
    checks.check_all(confirmed)
    assert result(confirmed, partner, "nuisance").passed


def test_an_override_stays_while_the_reason_is_the_same_and_goes_once_it_passes(
    confirmed, partner, case_worker
):
    arrear_report(partner, amount=Decimal("12.00"), reported_by="ERP")
    checks.check_all(confirmed)
    row = result(confirmed, partner, "arrears")
    row.override_reason, row.overridden_at, row.overridden_by = (
        "Ratenzahlung läuft",
        timezone.now(),
        case_worker,
    )
    row.save()
    checks.check_all(confirmed)
    assert result(confirmed, partner, "arrears").ok
    arrear_report(partner, amount=Decimal("0"), reported_by="ERP")
    checks.check_all(confirmed)
    row = result(confirmed, partner, "arrears")
    assert row.passed and row.override_reason == ""
